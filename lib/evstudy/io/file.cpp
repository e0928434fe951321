#include "evstudy/io/file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <memory>

#include "evstudy/core/error.hpp"

namespace evstudy {

std::string read_file(const std::string& path) {
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw Error(ErrorKind::no_input, SourcePos{path, 0, 0}, std::string("cannot open: ") + std::strerror(errno));
  std::string bytes;
  // Reserve the file's size: a large file is then read without copies as the string grows.
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(file.get());
    if (size > 0) bytes.reserve(static_cast<std::size_t>(size));
    std::rewind(file.get());
  }
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) bytes.append(buffer, got);
  if (std::ferror(file.get()))
    throw Error(ErrorKind::no_input, SourcePos{path, 0, 0}, std::string("cannot read: ") + std::strerror(errno));
  return bytes;
}

}  // namespace evstudy
