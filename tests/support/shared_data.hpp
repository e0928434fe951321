// Tests on ../shared/data: they skip with a visible reason when it is absent (a user's clone)
// and fail when EVSTUDY_REQUIRE_SHARED=1 (CI).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace evstudy::test {

inline std::filesystem::path source_dir() { return EVSTUDY_SOURCE_DIR; }
inline std::filesystem::path shared_data() { return source_dir() / ".." / "shared" / "data"; }

inline bool shared_required() {
  const char* value = std::getenv("EVSTUDY_REQUIRE_SHARED");
  return value != nullptr && std::string(value) == "1";
}

}  // namespace evstudy::test

/// Returns from the test case (with a warning) when `path` is absent; fails under CI.
#define EVSTUDY_NEED_SHARED(path)                                                            \
  do {                                                                                       \
    if (!std::filesystem::exists(path)) {                                                    \
      if (evstudy::test::shared_required()) FAIL("EVSTUDY_REQUIRE_SHARED=1 but absent: " << (path)); \
      WARN("skipped: ../shared/data absent (" << (path) << ")");                             \
      return;                                                                                \
    }                                                                                        \
  } while (false)
