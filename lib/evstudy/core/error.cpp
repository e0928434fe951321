#include "evstudy/core/error.hpp"

namespace evstudy {
namespace {

/// "FILE:LINE:COL: ", dropping the parts that are unknown.
std::string locate(const SourcePos& pos) {
  std::string out = pos.file;
  if (pos.line > 0) {
    out += ':';
    out += std::to_string(pos.line);
    if (pos.column > 0) {
      out += ':';
      out += std::to_string(pos.column);
    }
  }
  if (!out.empty()) out += ": ";
  return out;
}

}  // namespace

Error::Error(ErrorKind kind, const SourcePos& pos, const std::string& message)
    : std::runtime_error(locate(pos) + message), kind_(kind) {}

}  // namespace evstudy
