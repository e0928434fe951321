// Reading whole input files (or stdin for "-") into memory, with the errors CLI.md promises.
#pragma once

#include <string>

namespace evstudy {

/// The bytes of `path`, or of stdin when `path` is "-". Throws Error(no_input) naming the file
/// when it is missing or unreadable.
std::string read_file(const std::string& path);

}  // namespace evstudy
