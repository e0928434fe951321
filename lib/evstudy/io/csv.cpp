#include "evstudy/io/csv.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace evstudy {
std::size_t first_line_end(std::string_view text) {
  bool quoted = false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text[k] == '"') quoted = !quoted;
    if (!quoted && text[k] == '\n') return k;
  }
  return std::string_view::npos;
}

char detect_delimiter(std::string_view text) {
  text = text.substr(0, first_line_end(text));
  std::array<std::size_t, 3> counts{};
  constexpr std::array<char, 3> candidates{',', ';', '\t'};
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    for (std::size_t k = 0; k < candidates.size(); ++k)
      if (c == candidates[k]) ++counts[k];
  }
  const auto best = std::max_element(counts.begin(), counts.end());
  return *best == 0 ? ',' : candidates[static_cast<std::size_t>(best - counts.begin())];
}

CsvReader::CsvReader(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;
  delimiter_ = detect_delimiter(text_.substr(at_));
}

CsvReader::CsvReader(std::string_view text, std::string source, char delimiter, i64 first_line)
    : text_(text), source_(std::move(source)), line_(first_line), delimiter_(delimiter) {
  if (first_line == 1 && text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;
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
  // Fast path: a line without quotes splits at its delimiters, nothing to unescape.
  {
    const char* begin = text_.data() + at_;
    const std::size_t rest = text_.size() - at_;
    const void* newline = std::memchr(begin, '\n', rest);
    const std::size_t length = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - begin) : rest;
    if (std::memchr(begin, '"', length) == nullptr) {
      std::size_t end = length;
      if (end > 0 && begin[end - 1] == '\r') --end;
      std::size_t from = 0;
      while (true) {
        const void* cut = std::memchr(begin + from, delimiter_, end - from);
        const std::size_t to = cut ? static_cast<std::size_t>(static_cast<const char*>(cut) - begin) : end;
        row.fields.push_back({std::string_view(begin + from, to - from), static_cast<i64>(from) + 1});
        if (!cut) break;
        from = to + 1;
      }
      at_ += newline ? length + 1 : length;
      if (newline) ++line_;
      return true;
    }
  }
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

std::size_t last_row_end(std::string_view text, char delimiter, bool file_start) {
  if (file_start && text.starts_with("\xEF\xBB\xBF")) {
    const std::size_t end = last_row_end(text.substr(3), delimiter);
    return end == 0 ? 0 : end + 3;
  }
  if (std::memchr(text.data(), '"', text.size()) == nullptr) {
    const std::size_t newline = text.rfind('\n');
    return newline == std::string_view::npos ? 0 : newline + 1;
  }
  // Quotes present: follow them as CsvReader does. "" inside a quoted field is an escaped
  // quote; a quote elsewhere than at a field's start is an ordinary character.
  std::size_t end = 0;
  bool field_start = true;
  bool quoted = false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (quoted) {
      if (c == '"') {
        if (k + 1 < text.size() && text[k + 1] == '"') {
          ++k;
        } else if (k + 1 == text.size()) {
          break;  // undecided until more is read
        } else {
          quoted = false;
        }
      }
      continue;
    }
    if (c == '"' && field_start) {
      quoted = true;
      field_start = false;
    } else if (c == '\n') {
      end = k + 1;
      field_start = true;
    } else {
      field_start = c == delimiter;
    }
  }
  return end;
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
