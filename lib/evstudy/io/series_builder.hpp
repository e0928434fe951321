// Collects the rows of price series as a reader finds them and finishes them into sorted,
// checked series: the one place for the adjusted-close fallback, date order and duplicates.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "evstudy/core/error.hpp"
#include "evstudy/core/types.hpp"
#include "evstudy/kernel/price_series.hpp"

namespace evstudy {

/// A row that cannot be used: why (a short reason, for counts) and the full error message.
struct BadRow {
  std::string reason;
  SourcePos pos;
  std::string message;
};

/// Row numbers (lines, or JSON record indices) for messages, kept as runs of consecutive
/// numbers while runs are long (a ticker-major file: a few runs per series, nothing per row),
/// else 4 bytes each while they fit (files under four billion lines), 8 from the first that
/// does not.
class RowNumbers {
 public:
  void push_back(i64 row) {
    if (mode_ == Mode::runs) {
      if (size_ > 0 && row == last_ + 1) {
        last_ = row;
        ++size_;
        return;
      }
      if ((runs_.size() + 1) * sizeof(Run) <= size_ * sizeof(std::uint32_t) + 1024) {
        runs_.push_back({row, size_});
        last_ = row;
        ++size_;
        return;
      }
      to_rows();  // short runs: one number per row is smaller
    }
    ++size_;
    last_ = row;
    if (mode_ == Mode::narrow && row >= 0 && row <= static_cast<i64>(std::numeric_limits<std::uint32_t>::max())) {
      narrow_.push_back(static_cast<std::uint32_t>(row));
      return;
    }
    if (mode_ == Mode::narrow) {
      all_.assign(narrow_.begin(), narrow_.end());
      std::vector<std::uint32_t>().swap(narrow_);
      mode_ = Mode::wide;
    }
    all_.push_back(row);
  }

  /// push_back of first, first + 1, ..., first + count - 1; O(1) while kept as runs.
  void push_consecutive(i64 first, std::size_t count) {
    if (count == 0) return;
    if (mode_ == Mode::runs && size_ > 0 && first == last_ + 1) {
      last_ = first + static_cast<i64>(count) - 1;
      size_ += count;
      return;
    }
    push_back(first);
    if (mode_ == Mode::runs) {
      last_ = first + static_cast<i64>(count) - 1;
      size_ += count - 1;
      return;
    }
    for (std::size_t k = 1; k < count; ++k) push_back(first + static_cast<i64>(k));
  }

  i64 operator[](std::size_t k) const {
    if (mode_ == Mode::narrow) return static_cast<i64>(narrow_[k]);
    if (mode_ == Mode::wide) return all_[k];
    // The run holding index k: the last that starts at or before it.
    const auto it = std::upper_bound(runs_.begin(), runs_.end(), k, [](std::size_t i, const Run& r) { return i < r.first_index; });
    const Run& run = *(it - 1);
    return run.first_row + static_cast<i64>(k - run.first_index);
  }

  std::size_t size() const { return size_; }

 private:
  struct Run {
    i64 first_row;
    std::size_t first_index;
  };
  enum class Mode { runs, narrow, wide };

  void to_rows() {
    const std::vector<Run> runs = std::move(runs_);
    const std::size_t size = size_;
    runs_ = {};
    mode_ = Mode::narrow;
    size_ = 0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      const std::size_t end = r + 1 < runs.size() ? runs[r + 1].first_index : size;
      for (std::size_t k = runs[r].first_index; k < end; ++k)
        push_back(runs[r].first_row + static_cast<i64>(k - runs[r].first_index));
    }
  }

  Mode mode_ = Mode::runs;
  std::size_t size_ = 0;
  i64 last_ = 0;
  std::vector<Run> runs_;
  std::vector<std::uint32_t> narrow_;
  std::vector<i64> all_;
};

class SeriesBuilder {
 public:
  /// `where(k)` names row k for messages ("line 5", "/5"); `pos(k)` locates it for errors.
  SeriesBuilder(std::string source, std::function<std::string(i64)> where, std::function<SourcePos(i64)> pos);

  /// The series of `ticker`, created on first use (in order of appearance).
  std::size_t series(std::string_view ticker);

  /// Adds a row; `fallback` is the unadjusted close when `value` is an adjusted one (or NaN).
  void add(std::size_t series, Date date, std::optional<i64> time, double value, double fallback, i64 row);

  /// Adds daily rows without an unadjusted close to one series at once (what add does row by
  /// row); the series must hold no intraday bars.
  void add_daily(std::size_t series, std::span<const Date> dates, std::span<const double> values, std::span<const i64> rows);

  /// True when `series` holds intraday bars (add_daily does not apply).
  bool has_bars(std::size_t series) const { return !pending_[series].series.times.empty(); }

  /// Counts `count` skipped bad rows of one reason, `bad` the first (--on-bad-row=skip).
  void skip(const BadRow& bad, i64 count = 1);

  /// The finished series, with notes for sorted series and skipped rows; the series are
  /// checked and sorted on `threads` threads (the outcome does not depend on it).
  std::vector<PriceSeries> finish(bool strict, std::vector<std::string>& notes, std::size_t threads = 1);

 private:
  struct Pending {
    PriceSeries series;
    RowNumbers rows;
    std::vector<double> fallback;
    bool any_fallback = false;
    // Dates shared with the first series: this one's are its dates from `shared_first` on, as
    // many as its values; none stored (a file's tickers are mostly read on the same days).
    bool sharing = false;
    std::size_t shared_first = 0;
  };

  /// Whether daily `dates` of series `s` continue its share of the first series' dates (and
  /// now it shares them); when not, its dates so far are its own again.
  bool share_dates(std::size_t s, std::span<const Date> dates);
  /// Gives `p` its own copy of the dates it shares.
  void unshare(Pending& p);

  std::string source_;
  std::function<std::string(i64)> where_;
  std::function<SourcePos(i64)> pos_;
  std::vector<Pending> pending_;
  std::unordered_map<std::string, std::size_t> index_;
  std::string last_ticker_;
  std::size_t last_index_ = 0;
  std::size_t longest_ = 0;  // rows of the longest series so far: the likely size of the next
  bool first_ascending_ = true;  // the first series' dates strictly ascending so far (those shared)
  std::map<std::string, std::pair<i64, SourcePos>> skipped_;  // reason -> count, first place
};

}  // namespace evstudy
