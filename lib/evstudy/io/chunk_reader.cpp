#include "evstudy/io/chunk_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "evstudy/core/error.hpp"
#include "evstudy/io/csv.hpp"
#include "evstudy/io/newline_count.hpp"
#include "evstudy/io/text_check.hpp"

namespace evstudy {

ChunkReader::ChunkReader(const std::string& path, std::size_t chunk_bytes)
    : source_(path == "-" ? "<stdin>" : path), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)) {
  if (path == "-") {
    file_ = stdin;
    return;
  }
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) throw Error(ErrorKind::no_input, SourcePos{path, 0, 0}, std::string("cannot open: ") + std::strerror(errno));
  owns_file_ = true;
}

ChunkReader::ChunkReader(std::string_view text, std::string source, std::size_t chunk_bytes)
    : source_(std::move(source)), memory_(text), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)) {}

ChunkReader::~ChunkReader() {
  if (owns_file_) std::fclose(file_);
}

void ChunkReader::read_more(std::string& into, std::size_t bytes) {
  if (at_end_) return;
  const std::size_t old = into.size();
  if (file_ == nullptr) {
    const std::size_t got = std::min(bytes, memory_.size() - memory_at_);
    into.append(memory_.substr(memory_at_, got));
    memory_at_ += got;
    at_end_ = memory_at_ == memory_.size();
    return;
  }
  into.resize(old + bytes);
  const std::size_t got = std::fread(into.data() + old, 1, bytes, file_);
  into.resize(old + got);
  if (got < bytes) {
    if (std::ferror(file_) != 0)
      throw Error(ErrorKind::no_input, SourcePos{source_, 0, 0}, std::string("cannot read: ") + std::strerror(errno));
    at_end_ = true;
  }
}

std::string_view ChunkReader::peek() {
  if (pending_.empty()) read_more(pending_, chunk_bytes_);
  while (!at_end_ && first_line_end(pending_) == std::string::npos) read_more(pending_, std::max(pending_.size(), chunk_bytes_));
  return pending_;
}

bool ChunkReader::next(Chunk& chunk) {
  std::string& text = chunk.text;
  text.assign(pending_);
  pending_.clear();
  if (text.size() < chunk_bytes_) read_more(text, chunk_bytes_ - text.size());
  // The file's first row starts after its BOM (where CsvReader starts): a quote just after
  // the BOM opens a field.
  auto row_end = [&] { return at_end_ ? text.size() : last_row_end(text, delimiter_, first_chunk_); };
  std::size_t end = row_end();
  while (end == 0 && !at_end_) {
    // No whole row yet. Text that is not text (or a line over the limit) is not read further:
    // it goes to the parser as it is, which reports it after any error in the rows before it.
    const auto fault = find_text_fault(text, line_);
    if (fault && !fault->cut_by_end) {
      end = text.size();
      break;
    }
    read_more(text, std::max(text.size(), chunk_bytes_));
    end = row_end();
  }
  pending_.assign(text, end, std::string::npos);
  text.resize(end);
  chunk.first_line = line_;
  line_ += static_cast<i64>(count_newlines(text));
  if (!text.empty()) first_chunk_ = false;
  return !text.empty();
}

std::string ChunkReader::rest() {
  std::string all = std::move(pending_);
  pending_.clear();
  while (!at_end_) read_more(all, std::max(all.size(), chunk_bytes_));
  return all;
}

}  // namespace evstudy
