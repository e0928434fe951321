#include "evstudy/io/file.hpp"

#include "evstudy/io/chunk_reader.hpp"

namespace evstudy {

std::string read_file(const std::string& path) {
  ChunkReader reader(path);
  return reader.rest();
}

}  // namespace evstudy
