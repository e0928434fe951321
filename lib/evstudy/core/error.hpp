// The one error type that reaches the user. Its message is a single line:
//   FILE:LINE:COL: what was found, what was expected
// lib/ throws it and never exits or logs; app/ maps kind() to an exit code.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace evstudy {

enum class ErrorKind { usage, bad_data, no_input, internal };

/// Where a problem sits in an input. Line and column are 1-based;
/// 0 means unknown and is left out of the message.
struct SourcePos {
  std::string file;
  std::int64_t line = 0;
  std::int64_t column = 0;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const SourcePos& pos, const std::string& message);
  Error(ErrorKind kind, const std::string& message) : Error(kind, SourcePos{}, message) {}

  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

}  // namespace evstudy
