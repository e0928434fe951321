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

/// A field's place, made into a SourcePos only when there is something to report: readers
/// name every field they parse, and copying the file name per field would cost more than the
/// parse. Holds references: use it within the expression that made it.
class FieldPos {
 public:
  /// A place made by `make(context)` when asked for (places that are names, not line and column).
  using Make = SourcePos (*)(const void* context);

  FieldPos(const SourcePos& pos) : pos_(&pos) {}  // NOLINT(google-explicit-constructor): a ready place converts
  FieldPos(const std::string& file, std::int64_t line, std::int64_t column) : file_(&file), line_(line), column_(column) {}
  FieldPos(Make make, const void* context) : make_(make), context_(context) {}
  SourcePos get() const {
    if (pos_ != nullptr) return *pos_;
    if (make_ != nullptr) return make_(context_);
    return SourcePos{*file_, line_, column_};
  }

 private:
  const SourcePos* pos_ = nullptr;
  const std::string* file_ = nullptr;
  std::int64_t line_ = 0;
  std::int64_t column_ = 0;
  Make make_ = nullptr;
  const void* context_ = nullptr;
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
