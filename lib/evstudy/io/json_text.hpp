// Parsing JSON text for every reader: any failure of the JSON library (syntax, a number out of
// range, ...) becomes one evstudy::Error naming the file and what was expected.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "evstudy/core/error.hpp"

namespace evstudy {

template <typename Json = nlohmann::json>
Json parse_json_text(std::string_view text, const std::string& source, std::string_view expected,
                     ErrorKind kind = ErrorKind::bad_data) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(kind, SourcePos{source, 0, 0}, "invalid JSON at byte " + std::to_string(e.byte) + ", expected " + std::string(expected));
  } catch (const nlohmann::json::exception& e) {
    std::string what = e.what();
    const std::size_t bracket = what.find("] ");
    if (bracket != std::string::npos) what = what.substr(bracket + 2);
    throw Error(kind, SourcePos{source, 0, 0}, "invalid JSON (" + what + "), expected " + std::string(expected));
  }
}

}  // namespace evstudy
