#include "evstudy/io/chunk_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
  // A regular file is mapped: its chunks are then views of the page cache instead of copies.
  // Anything that cannot be mapped (a pipe, a device, an empty file) is read as a stream.
  struct stat info {};
  if (fstat(fileno(file_), &info) != 0 || !S_ISREG(info.st_mode) || info.st_size <= 0) return;
  const auto bytes = static_cast<std::size_t>(info.st_size);
  void* mapped = mmap(nullptr, bytes, PROT_READ, MAP_PRIVATE, fileno(file_), 0);
  if (mapped == MAP_FAILED) return;
  madvise(mapped, bytes, MADV_SEQUENTIAL);
  mapping_ = mapped;
  mapping_bytes_ = bytes;
  memory_ = std::string_view(static_cast<const char*>(mapped), bytes);
  in_memory_ = true;
}

ChunkReader::ChunkReader(std::string_view text, std::string source, std::size_t chunk_bytes)
    : source_(std::move(source)), in_memory_(true), memory_(text), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)) {}

ChunkReader::~ChunkReader() {
  if (mapping_ != nullptr) munmap(mapping_, mapping_bytes_);
  if (owns_file_) std::fclose(file_);
}

void ChunkReader::read_more(std::string& into, std::size_t bytes) {
  if (at_end_) return;
  const std::size_t old = into.size();
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
  if (in_memory_) {
    // As much as a stream would have read: a chunk, doubled until it holds a line end.
    const std::string_view rest = memory_.substr(memory_at_);
    std::size_t bytes = chunk_bytes_;
    while (bytes < rest.size() && first_line_end(rest.substr(0, bytes)) == std::string::npos) bytes *= 2;
    return rest.substr(0, bytes);
  }
  if (pending_.empty()) read_more(pending_, chunk_bytes_);
  while (!at_end_ && first_line_end(pending_) == std::string::npos) read_more(pending_, std::max(pending_.size(), chunk_bytes_));
  return pending_;
}

bool ChunkReader::next_in_memory(Chunk& chunk) {
  // The chunks a stream would give (a chunk's worth, doubled while it holds no whole row),
  // as views.
  const std::string_view rest = memory_.substr(memory_at_);
  std::size_t bytes = chunk_bytes_;
  std::size_t end = 0;
  std::optional<std::size_t> newlines;  // in the rows, when counted on the way
  while (true) {
    const std::string_view window = rest.substr(0, bytes);
    if (window.size() == rest.size()) {
      end = window.size();
      break;
    }
    // Without a quote, rows end at the last line end: one pass counts the lines and looks
    // for quotes (every line end of the window is then in the rows).
    if (const NewlinesAndQuotes scanned = count_newlines_find_quote(window); !scanned.quote) {
      const std::size_t last = window.rfind('\n');
      end = last == std::string_view::npos ? 0 : last + 1;
      if (end > 0) {
        newlines = scanned.newlines;
        break;
      }
    } else {
      end = last_row_end(window, delimiter_, first_chunk_);
    }
    if (end > 0) break;
    // No whole row yet. Text that is not text (or a line over the limit) is not read further:
    // it goes to the parser as it is, which reports it after any error in the rows before it.
    const auto fault = find_text_fault(window, line_);
    if (fault && !fault->cut_by_end) {
      end = window.size();
      break;
    }
    bytes *= 2;
  }
  chunk.in_buffer_ = false;
  chunk.view_ = rest.substr(0, end);
  memory_at_ += end;
  chunk.first_line = line_;
  line_ += static_cast<i64>(newlines ? *newlines : count_newlines(chunk.view_));
  if (end > 0) first_chunk_ = false;
  return end > 0;
}

bool ChunkReader::next(Chunk& chunk) {
  if (in_memory_) return next_in_memory(chunk);
  chunk.in_buffer_ = true;
  std::string& text = chunk.buffer_;
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

void ChunkReader::release(const Chunk& chunk) {
  if (mapping_ == nullptr || chunk.in_buffer_ || chunk.view_.empty()) return;
  const auto* base = static_cast<const char*>(mapping_);
  const auto end = static_cast<std::size_t>(chunk.view_.data() + chunk.view_.size() - base);
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t until = end - end % page;  // the page holding the next chunk's start stays
  // Given back 4 MiB or more at a time: each call stops the other threads to flush their
  // address translations.
  if (until < released_ + release_bytes) return;
  madvise(static_cast<char*>(mapping_) + released_, until - released_, MADV_DONTNEED);
  released_ = until;
}

std::string ChunkReader::rest() {
  if (in_memory_) {
    std::string all(memory_.substr(memory_at_));
    memory_at_ = memory_.size();
    return all;
  }
  std::string all = std::move(pending_);
  pending_.clear();
  while (!at_end_) read_more(all, std::max(all.size(), chunk_bytes_));
  return all;
}

}  // namespace evstudy
