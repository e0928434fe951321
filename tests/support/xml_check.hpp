// A small XML well-formedness check for tests: balanced, properly nested tags, quoted
// attributes, declarations, comments and escaped text. Returns "" when well formed, else why.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evstudy::test {

inline std::string xml_problem(std::string_view xml) {
  std::vector<std::string> open;
  std::size_t i = 0;
  bool root_seen = false;
  while (i < xml.size()) {
    if (xml[i] != '<') {
      if (xml[i] == '&') {
        const std::size_t semi = xml.find(';', i);
        if (semi == std::string_view::npos || semi - i > 8) return "bad entity at " + std::to_string(i);
      }
      if (open.empty() && xml[i] != '\n' && xml[i] != ' ') return "text outside the root at " + std::to_string(i);
      ++i;
      continue;
    }
    if (xml.substr(i, 5) == "<?xml") {
      i = xml.find("?>", i);
      if (i == std::string_view::npos) return "unterminated declaration";
      i += 2;
      continue;
    }
    if (xml.substr(i, 4) == "<!--") {
      i = xml.find("-->", i);
      if (i == std::string_view::npos) return "unterminated comment";
      i += 3;
      continue;
    }
    const bool closing = i + 1 < xml.size() && xml[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    const std::size_t name_start = j;
    while (j < xml.size() && xml[j] != ' ' && xml[j] != '>' && xml[j] != '/' && xml[j] != '\n') ++j;
    const std::string name(xml.substr(name_start, j - name_start));
    if (name.empty()) return "empty tag name at " + std::to_string(i);
    bool self_closing = false;
    while (j < xml.size() && xml[j] != '>') {
      if (xml[j] == '"') {
        const std::size_t end = xml.find('"', j + 1);
        if (end == std::string_view::npos) return "unterminated attribute in <" + name + ">";
        if (xml.substr(j + 1, end - j - 1).find('<') != std::string_view::npos) return "'<' in an attribute of <" + name + ">";
        j = end + 1;
        continue;
      }
      if (xml[j] == '/' && j + 1 < xml.size() && xml[j + 1] == '>') self_closing = true;
      ++j;
    }
    if (j >= xml.size()) return "unterminated tag <" + name + ">";
    if (closing) {
      if (open.empty() || open.back() != name) return "</" + name + "> closes " + (open.empty() ? "nothing" : "<" + open.back() + ">");
      open.pop_back();
    } else if (!self_closing) {
      if (open.empty() && root_seen) return "a second root element <" + name + ">";
      open.push_back(name);
      root_seen = true;
    } else if (open.empty()) {
      return "a self-closed root";
    }
    i = j + 1;
  }
  if (!open.empty()) return "<" + open.back() + "> is never closed";
  return root_seen ? "" : "no root element";
}

}  // namespace evstudy::test
