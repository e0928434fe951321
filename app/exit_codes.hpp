// Exit codes are part of evstudy's interface (docs/cli.md); values follow sysexits.h.
#pragma once

#include "evstudy/core/error.hpp"

namespace evstudy::app {

enum ExitCode : int {
  exit_ok = 0,
  exit_drift = 1,      // `check` found numbers outside tolerance
  exit_usage = 64,     // EX_USAGE: bad command line
  exit_data = 65,      // EX_DATAERR: input parsed but wrong
  exit_no_input = 66,  // EX_NOINPUT: file missing or unreadable
  exit_software = 70,  // EX_SOFTWARE: a bug in evstudy
};

inline ExitCode exit_code(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::usage:
      return exit_usage;
    case ErrorKind::bad_data:
      return exit_data;
    case ErrorKind::no_input:
      return exit_no_input;
    case ErrorKind::internal:
      return exit_software;
  }
  return exit_software;
}

}  // namespace evstudy::app
