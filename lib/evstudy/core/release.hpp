// Giving a vector's memory back. `v = {}` or `v.clear()` keep the capacity (the first assigns an
// empty initializer list); swapping with an empty vector frees it.
#pragma once

#include <vector>

namespace evstudy {

template <typename T>
void release(std::vector<T>& v) {
  std::vector<T>().swap(v);
}

}  // namespace evstudy
