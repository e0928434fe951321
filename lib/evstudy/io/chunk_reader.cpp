#include "evstudy/io/chunk_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <optional>

#include "evstudy/core/error.hpp"
#include "evstudy/io/csv.hpp"
#include "evstudy/io/newline_count.hpp"
#include "evstudy/io/text_check.hpp"

namespace evstudy {

char* ByteBuffer::grow(std::size_t bytes) {
  if (size_ + bytes > capacity_) {
    const std::size_t capacity = std::max(size_ + bytes, 2 * capacity_);
    std::unique_ptr<char[]> data(new char[capacity]);  // not zeroed: a read overwrites it
    std::copy(data_.get(), data_.get() + size_, data.get());
    data_ = std::move(data);
    capacity_ = capacity;
  }
  return data_.get() + size_;
}

ChunkReader::ChunkReader(const std::string& path, std::size_t chunk_bytes)
    : source_(path == "-" ? "<stdin>" : path), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)) {
  if (path == "-") {
    file_ = stdin;
    return;
  }
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) throw Error(ErrorKind::no_input, SourcePos{path, 0, 0}, std::string("cannot open: ") + std::strerror(errno));
  owns_file_ = true;
  posix_fadvise(fileno(file_), 0, 0, POSIX_FADV_SEQUENTIAL);  // a hint: read ahead further
}

ChunkReader::ChunkReader(std::string_view text, std::string source, std::size_t chunk_bytes)
    : source_(std::move(source)), in_memory_(true), memory_(text), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)) {}

ChunkReader::~ChunkReader() {
  if (owns_file_) std::fclose(file_);
}

std::size_t ChunkReader::read_into(char* at, std::size_t bytes) {
  const std::size_t got = std::fread(at, 1, bytes, file_);
  if (got < bytes) {
    if (std::ferror(file_) != 0)
      throw Error(ErrorKind::no_input, SourcePos{source_, 0, 0}, std::string("cannot read: ") + std::strerror(errno));
    at_end_ = true;
  }
  return got;
}

void ChunkReader::read_more(ByteBuffer& into, std::size_t bytes) {
  if (at_end_) return;
  into.commit(read_into(into.grow(bytes), bytes));
}

std::string_view ChunkReader::peek() {
  if (in_memory_) {
    // As much as a stream would have read: a chunk, doubled until it holds a line end.
    const std::string_view rest = memory_.substr(memory_at_);
    std::size_t bytes = chunk_bytes_;
    while (bytes < rest.size() && first_line_end(rest.substr(0, bytes)) == std::string::npos) bytes *= 2;
    return rest.substr(0, bytes);
  }
  if (pending_.size() == 0) read_more(pending_, chunk_bytes_);
  while (!at_end_ && first_line_end(pending_.view()) == std::string::npos)
    read_more(pending_, std::max(pending_.size(), chunk_bytes_));
  return pending_.view();
}

namespace {

/// Where the whole rows of `window` end, the text after it being unknown: with no quote, at
/// its last line end (`newlines` then counts the rows' lines); else as the quoting says; 0
/// when the window holds no whole row.
std::size_t rows_end(std::string_view window, char delimiter, bool file_start, std::optional<std::size_t>& newlines) {
  // Without a quote, rows end at the last line end: one pass counts the lines and looks for
  // quotes (every line end of the window is then in the rows).
  if (const NewlinesAndQuotes scanned = count_newlines_find_quote(window); !scanned.quote) {
    const std::size_t last = window.rfind('\n');
    if (last == std::string_view::npos) return 0;
    newlines = scanned.newlines;
    return last + 1;
  }
  return last_row_end(window, delimiter, file_start);
}

}  // namespace

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
    end = rows_end(window, delimiter_, first_chunk_, newlines);
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
  ByteBuffer& text = chunk.buffer_;
  text.assign(pending_.view());
  if (text.size() < chunk_bytes_) read_more(text, chunk_bytes_ - text.size());
  std::size_t end = 0;
  std::optional<std::size_t> newlines;  // in the rows, when counted on the way
  while (true) {
    if (at_end_) {
      end = text.size();
      break;
    }
    // The file's first row starts after its BOM (where CsvReader starts): a quote just after
    // the BOM opens a field.
    end = rows_end(text.view(), delimiter_, first_chunk_, newlines);
    if (end > 0) break;
    // No whole row yet. Text that is not text (or a line over the limit) is not read further:
    // it goes to the parser as it is, which reports it after any error in the rows before it.
    const auto fault = find_text_fault(text.view(), line_);
    if (fault && !fault->cut_by_end) {
      end = text.size();
      break;
    }
    read_more(text, std::max(text.size(), chunk_bytes_));
  }
  pending_.assign(text.view().substr(end));
  text.truncate(end);
  chunk.first_line = line_;
  line_ += static_cast<i64>(newlines ? *newlines : count_newlines(text.view()));
  if (end > 0) first_chunk_ = false;
  return end > 0;
}

std::string ChunkReader::rest() {
  if (in_memory_) {
    std::string all(memory_.substr(memory_at_));
    memory_at_ = memory_.size();
    return all;
  }
  // What was read ahead, then the rest straight into the string: for a regular file room for
  // all of it at once (its size is known), not a buffer grown by doubling and then copied.
  std::string all(pending_.view());
  pending_.truncate(0);
  std::size_t step = chunk_bytes_;
  struct stat about {};
  if (const long at = std::ftell(file_); at >= 0 && fstat(fileno(file_), &about) == 0 && S_ISREG(about.st_mode) &&
                                         about.st_size >= at)
    step = static_cast<std::size_t>(about.st_size - at) + 1;  // + 1: the end found by the same read
  while (!at_end_) {
    const std::size_t before = all.size();
    all.resize(before + step);
    all.resize(before + read_into(all.data() + before, step));
    step = std::max(step, all.size());  // a stream, or a file that grew: doubling
  }
  return all;
}

}  // namespace evstudy
