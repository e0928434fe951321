#include "evstudy/io/csv.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace evstudy {
namespace {

/// The delimiter that occurs most often outside quotes in the first line; ',' on a tie.
char detect_delimiter(std::string_view text) {
  std::array<std::size_t, 3> counts{};
  constexpr std::array<char, 3> candidates{',', ';', '\t'};
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    for (std::size_t k = 0; k < candidates.size(); ++k)
      if (c == candidates[k]) ++counts[k];
  }
  const auto best = std::max_element(counts.begin(), counts.end());
  return *best == 0 ? ',' : candidates[static_cast<std::size_t>(best - counts.begin())];
}

}  // namespace

CsvReader::CsvReader(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;
  delimiter_ = detect_delimiter(text_.substr(at_));
}

bool CsvReader::next(CsvRow& row) {
  row.fields.clear();
  unescaped_.clear();
  // Skip blank lines (a lone "\r" counts as blank).
  while (at_ < text_.size() && (text_[at_] == '\n' || (text_[at_] == '\r' && at_ + 1 < text_.size() && text_[at_ + 1] == '\n') ||
                                (text_[at_] == '\r' && at_ + 1 == text_.size()))) {
    if (text_[at_] == '\n') ++line_;
    ++at_;
  }
  if (at_ >= text_.size()) return false;
  row.line = line_;
  std::size_t line_start = at_;
  while (true) {
    const auto column = static_cast<i64>(at_ - line_start) + 1;
    if (at_ < text_.size() && text_[at_] == '"') {
      const i64 quote_line = line_;
      ++at_;
      std::string value;
      bool escaped = false;
      const std::size_t begin = at_;
      while (true) {
        if (at_ >= text_.size())
          throw Error(ErrorKind::bad_data, pos(quote_line, column), "found an unterminated quoted field, expected a closing '\"'");
        const char c = text_[at_];
        if (c == '"') {
          if (at_ + 1 < text_.size() && text_[at_ + 1] == '"') {
            escaped = true;
            value += '"';
            at_ += 2;
            continue;
          }
          break;
        }
        if (c == '\n') {
          ++line_;
          line_start = at_ + 1;
        }
        value += c;
        ++at_;
      }
      std::string_view field = text_.substr(begin, at_ - begin);
      ++at_;  // closing quote
      if (escaped) field = unescaped_.emplace_back(std::move(value));
      row.fields.push_back({field, column});
    } else {
      const std::size_t begin = at_;
      while (at_ < text_.size() && text_[at_] != delimiter_ && text_[at_] != '\n') ++at_;
      std::size_t end = at_;
      if (end > begin && text_[end - 1] == '\r' && (at_ >= text_.size() || text_[at_] == '\n')) --end;
      row.fields.push_back({text_.substr(begin, end - begin), column});
    }
    if (at_ >= text_.size()) return true;
    if (text_[at_] == delimiter_) {
      ++at_;
      continue;
    }
    if (text_[at_] == '\r' && at_ + 1 < text_.size() && text_[at_ + 1] == '\n') ++at_;
    if (at_ < text_.size() && text_[at_] == '\n') {
      ++at_;
      ++line_;
      return true;
    }
    if (at_ >= text_.size()) return true;
    const auto bad_column = static_cast<i64>(at_ - line_start) + 1;
    throw Error(ErrorKind::bad_data, pos(line_, bad_column),
                std::string("found '") + text_[at_] + "' after a quoted field, expected a delimiter or the end of the line");
  }
}

std::string normalize_header(std::string_view name) {
  std::string out;
  for (const char c : name)
    if (c != ' ' && c != '_' && c != '-') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_missing_token(std::string_view field) {
  if (field.empty() || field == ".") return true;
  const char first = field.front();
  if ((first >= '0' && first <= '9') || first == '-' || first == '+') return false;  // a number: the common case
  std::string lower;
  for (const char c : field) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "na" || lower == "nan" || lower == "null" || lower == "n/a" || lower == "#n/a";
}

}  // namespace evstudy
