// Reads a file (or stdin, or text in memory) in chunks of whole CSV rows, so that a large file
// streams through a few reused buffers of a quarter megabyte instead of being held whole next to the
// columns parsed from it. A file is read (not mapped: on a virtual machine each page a mapping
// touches costs a fault several times dearer than copying the page), text in memory is handed
// out as views. Knows where rows end; nothing about their fields.
#pragma once

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "evstudy/core/types.hpp"

namespace evstudy {

/// Bytes in a buffer that grows and is reused, never filled with zeros first (a chunk's
/// buffer is overwritten by the read).
class ByteBuffer {
 public:
  ByteBuffer() = default;
  ByteBuffer(ByteBuffer&& other) noexcept { *this = std::move(other); }
  /// Takes `other`'s bytes; `other` is left empty (and without memory).
  ByteBuffer& operator=(ByteBuffer&& other) noexcept {
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    return *this;
  }

  std::string_view view() const { return {data_.get(), size_}; }
  std::size_t size() const { return size_; }
  /// Room for `bytes` more after the contents, which are kept: where the next read goes.
  char* grow(std::size_t bytes);
  /// Keeps the first `size` bytes (at most size()).
  void truncate(std::size_t size) { size_ = std::min(size, size_); }
  void assign(std::string_view text) {
    size_ = 0;
    append(text);
  }
  void append(std::string_view text) {
    std::copy(text.begin(), text.end(), grow(text.size()));
    size_ += text.size();
  }
  /// Counts `bytes` written at grow()'s address as contents.
  void commit(std::size_t bytes) { size_ += bytes; }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// Whole rows of the input and the line number of their first line.
class Chunk {
 public:
  /// The rows: a view of the input in memory, or of this chunk's own buffer (a file or a
  /// stream). Valid while the chunk is unchanged and its reader alive.
  std::string_view text() const { return in_buffer_ ? buffer_.view() : view_; }
  i64 first_line = 1;

  /// The rows as this chunk's own text, `more` appended (reusing the buffer's memory).
  void append(std::string_view more) {
    if (!in_buffer_) buffer_.assign(view_);
    in_buffer_ = true;
    buffer_.append(more);
  }

 private:
  friend class ChunkReader;
  ByteBuffer buffer_;
  std::string_view view_;
  bool in_buffer_ = true;
};

class ChunkReader {
 public:
  /// A quarter megabyte: the chunks in flight (two per parsing thread) and their parsed rows are
  /// memory the process touches for the first time, page by page, and such pages are dear on a
  /// virtual machine; smaller chunks also keep a chunk's rows in the cache from its parse to its
  /// merge. (1 MiB chunks: 5–14% more CPU and 1,500–3,800 more page faults on the benchmarks' medium
  /// and large files.)
  static constexpr std::size_t default_chunk_bytes = std::size_t{256} << 10;

  /// Opens `path` ("-" reads stdin). Throws Error(no_input) naming the file.
  explicit ChunkReader(const std::string& path, std::size_t chunk_bytes = default_chunk_bytes);
  /// The same chunks from text in memory (`text` must outlive the reader and its chunks);
  /// `source` names it.
  ChunkReader(std::string_view text, std::string source, std::size_t chunk_bytes = default_chunk_bytes);
  ChunkReader(const ChunkReader&) = delete;
  ChunkReader& operator=(const ChunkReader&) = delete;
  ~ChunkReader();

  /// The first bytes of the input (a chunk, or more to hold the first line as first_line_end
  /// sees it), not consumed: for detecting the format and the delimiter.
  std::string_view peek();

  /// Rows split at line ends outside quoted fields, a quote opening a field only at its start
  /// (as CsvReader reads them); `delimiter` says where fields start.
  void set_delimiter(char delimiter) { delimiter_ = delimiter; }

  /// How much the chunks after this point hold (as the constructor's `chunk_bytes`).
  void set_chunk_bytes(std::size_t chunk_bytes) { chunk_bytes_ = std::max<std::size_t>(chunk_bytes, 1); }

  /// Fills `chunk` with the next whole rows, reusing its buffer; the last chunk holds whatever
  /// remains. A row longer than a chunk grows the buffer, unless what was read holds a text
  /// fault (find_text_fault): then the chunk ends there, for the parser to report. False at the
  /// end of the input.
  bool next(Chunk& chunk);

  /// Everything not yet returned, as one string (for formats read whole, such as JSON).
  std::string rest();

  const std::string& source() const { return source_; }

 private:
  void read_more(ByteBuffer& into, std::size_t bytes);
  /// Reads up to `bytes` of the file to `at`; fewer is its end (at_end_ set). Returns how many.
  std::size_t read_into(char* at, std::size_t bytes);
  bool next_in_memory(Chunk& chunk);

  std::string source_;
  std::FILE* file_ = nullptr;  // a file or stream read through buffers
  bool owns_file_ = false;
  bool in_memory_ = false;     // chunks are views of memory_
  std::string_view memory_;
  std::size_t memory_at_ = 0;
  std::size_t chunk_bytes_;
  ByteBuffer pending_;  // read but not yet returned: the peeked bytes, then a partial row
  bool at_end_ = false;  // nothing more to read (pending_ may still hold bytes)
  bool first_chunk_ = true;  // no chunk handed out yet: the text starts at the file's start
  char delimiter_ = ',';
  i64 line_ = 1;
};

}  // namespace evstudy
