// Shared by the libFuzzer targets: run a reader on arbitrary bytes. An evstudy::Error is the
// expected answer to bad input; anything else (another exception, a crash, a sanitizer report,
// a hang) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "evstudy/core/error.hpp"

#define EVSTUDY_FUZZ_READER(call)                                                        \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {    \
    const std::string_view text(reinterpret_cast<const char*>(data), size);              \
    try {                                                                                 \
      call;                                                                               \
    } catch (const evstudy::Error&) {                                                     \
    }                                                                                     \
    return 0;                                                                             \
  }
