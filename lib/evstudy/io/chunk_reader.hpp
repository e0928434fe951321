// Reads a file (or stdin, or text in memory) in chunks of whole CSV rows, so that a large file
// streams through a few megabytes instead of being copied whole next to the columns parsed from
// it. A regular file is mapped into memory and its chunks are views of the mapping (no copy;
// the kernel's page cache is the buffer); a stream (stdin, a pipe) is read through reused
// buffers. Knows where rows end; nothing about their fields.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

#include "evstudy/core/types.hpp"

namespace evstudy {

/// Whole rows of the input and the line number of their first line.
class Chunk {
 public:
  /// The rows: a view of the input in memory, or of this chunk's own buffer (a stream). Valid
  /// while the chunk is unchanged and its reader alive.
  std::string_view text() const { return in_buffer_ ? std::string_view(buffer_) : view_; }
  i64 first_line = 1;

  /// The rows as this chunk's own text, `more` appended (reusing the buffer's memory).
  void append(std::string_view more) {
    if (!in_buffer_) buffer_.assign(view_);
    in_buffer_ = true;
    buffer_ += more;
  }

 private:
  friend class ChunkReader;
  std::string buffer_;
  std::string_view view_;
  bool in_buffer_ = true;
};

class ChunkReader {
 public:
  static constexpr std::size_t default_chunk_bytes = std::size_t{1} << 20;
  /// A mapped file's pages are given back (release) this much at a time, at least.
  static constexpr std::size_t release_bytes = std::size_t{4} << 20;

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

  /// Says that `chunk` (and every chunk before it) is done with: a mapped file's pages up to
  /// its end are then unmapped, so that memory holds a few chunks of the file, not all of it.
  /// Chunks handed out later stay valid.
  void release(const Chunk& chunk);

  /// Everything not yet returned, as one string (for formats read whole, such as JSON).
  std::string rest();

  const std::string& source() const { return source_; }

 private:
  void read_more(std::string& into, std::size_t bytes);
  bool next_in_memory(Chunk& chunk);

  std::string source_;
  std::FILE* file_ = nullptr;  // a stream read through buffers
  bool owns_file_ = false;
  void* mapping_ = nullptr;    // a regular file mapped whole (memory_ views it)
  std::size_t mapping_bytes_ = 0;
  std::size_t released_ = 0;   // the mapping's first bytes given back (a multiple of the page size)
  bool in_memory_ = false;     // chunks are views of memory_
  std::string_view memory_;
  std::size_t memory_at_ = 0;
  std::size_t chunk_bytes_;
  std::string pending_;  // read but not yet returned: the peeked bytes, then a partial row
  bool at_end_ = false;  // nothing more to read (pending_ may still hold bytes)
  bool first_chunk_ = true;  // no chunk handed out yet: the text starts at the file's start
  char delimiter_ = ',';
  i64 line_ = 1;
};

}  // namespace evstudy
