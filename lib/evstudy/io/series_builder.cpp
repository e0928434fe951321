#include "evstudy/io/series_builder.hpp"

#include <algorithm>
#include <numeric>
#include <optional>

#include "evstudy/core/parallel_for.hpp"

namespace evstudy {

SeriesBuilder::SeriesBuilder(std::string source, std::function<std::string(i64)> where, std::function<SourcePos(i64)> pos)
    : source_(std::move(source)), where_(std::move(where)), pos_(std::move(pos)) {}

std::size_t SeriesBuilder::series(std::string_view ticker) {
  // Long files are usually ticker-major: the last ticker is the likely one.
  if (!pending_.empty() && ticker == last_ticker_) return last_index_;
  auto it = index_.find(std::string(ticker));
  if (it == index_.end()) {
    it = index_.emplace(std::string(ticker), pending_.size()).first;
    pending_.push_back({PriceSeries{std::string(ticker), {}, {}, {}}, {}, {}, false});
  }
  last_ticker_ = std::string(ticker);
  last_index_ = it->second;
  return it->second;
}

void SeriesBuilder::add(std::size_t s, Date date, std::optional<i64> time, double value, double fallback, i64 row) {
  Pending& p = pending_[s];
  if (p.sharing) unshare(p);
  const bool intraday = time.has_value();
  if (s == 0 && !p.series.dates.empty() && !(p.series.dates.back() < date)) first_ascending_ = false;
  if (!p.series.dates.empty() && intraday != !p.series.times.empty())
    throw Error(ErrorKind::bad_data, pos_(row),
                "found " + std::string(intraday ? "a date-time" : "a date") + " for " + p.series.ticker + " after " +
                    (intraday ? "dates" : "date-times") + ", expected one kind of time stamp per ticker");
  p.series.dates.push_back(date);
  if (intraday) p.series.times.push_back(*time);
  // The unadjusted close is kept only once a row has one (most files have no such column).
  if (!is_missing(fallback) && !p.any_fallback) {
    p.fallback.assign(p.series.values.size(), missing);
    p.any_fallback = true;
  }
  if (p.any_fallback) p.fallback.push_back(fallback);
  p.series.values.push_back(value);
  p.rows.push_back(row);
}

bool SeriesBuilder::share_dates(std::size_t s, std::span<const Date> dates) {
  Pending& p = pending_[s];
  const PriceSeries& first = pending_.front().series;
  if (s == 0 || !first.times.empty() || !first_ascending_ || (!p.sharing && !p.series.values.empty())) {
    if (p.sharing) unshare(p);  // the first series no longer ascending: its days are no one's
    return false;
  }
  if (!p.sharing) {
    // A new series: where its first date lies among the first series' (ascending, so found by
    // bisection); shared only if every date from there on is the same.
    if (dates.empty()) return false;
    p.shared_first = static_cast<std::size_t>(std::lower_bound(first.dates.begin(), first.dates.end(), dates.front()) -
                                              first.dates.begin());
  }
  const std::size_t next = p.shared_first + p.series.values.size();
  if (next + dates.size() <= first.dates.size() &&
      std::equal(dates.begin(), dates.end(), first.dates.begin() + static_cast<std::ptrdiff_t>(next))) {
    p.sharing = true;
    return true;
  }
  if (p.sharing) unshare(p);
  return false;
}

void SeriesBuilder::unshare(Pending& p) {
  const auto from = pending_.front().series.dates.begin() + static_cast<std::ptrdiff_t>(p.shared_first);
  p.series.dates.assign(from, from + static_cast<std::ptrdiff_t>(p.series.values.size()));
  p.sharing = false;
}

void SeriesBuilder::add_daily(std::size_t s, std::span<const Date> dates, std::span<const double> values,
                              std::span<const i64> rows) {
  Pending& p = pending_[s];
  if (s == 0)
    for (std::size_t k = 0; k < dates.size() && first_ascending_; ++k)
      first_ascending_ = (k == 0 ? p.series.dates.empty() || p.series.dates.back() < dates[0] : dates[k - 1] < dates[k]);
  const bool shared = share_dates(s, dates);
  // Ticker after ticker, series tend to have the same length: room for that at once, instead
  // of doubling (copies, fresh pages, and up to half the capacity unused); finish trims.
  if (p.series.values.empty() && dates.size() < longest_) {
    if (!shared) p.series.dates.reserve(longest_);
    p.series.values.reserve(longest_);
  }
  if (!shared) p.series.dates.insert(p.series.dates.end(), dates.begin(), dates.end());
  p.series.values.insert(p.series.values.end(), values.begin(), values.end());
  if (p.any_fallback) p.fallback.insert(p.fallback.end(), values.size(), missing);
  // Rows come in file order, so a run whose last is count - 1 after its first is consecutive.
  if (!rows.empty() && rows.back() - rows.front() == std::ssize(rows) - 1)
    p.rows.push_consecutive(rows.front(), rows.size());
  else
    for (const i64 row : rows) p.rows.push_back(row);
  longest_ = std::max(longest_, p.series.values.size());
}

void SeriesBuilder::skip(const BadRow& bad, i64 count) {
  auto [it, fresh] = skipped_.emplace(bad.reason, std::make_pair(i64{0}, bad.pos));
  it->second.first += count;
}

std::vector<PriceSeries> SeriesBuilder::finish(bool strict, std::vector<std::string>& notes, std::size_t threads) {
  // Each series on its own (on `threads` threads); then, in series order, the first error is
  // raised or the notes taken, so the outcome is the same for any number of threads.
  struct Finished {
    std::optional<Error> error;
    std::optional<std::string> note;
  };
  std::vector<Finished> finished(pending_.size());
  // The first series' dates, checked ascending as they came, become one column that the series
  // sharing them point into: nothing of theirs to sort or check. Had the first series had
  // more rows since (not ascending), each takes its own copy and is checked as any other.
  if (std::any_of(pending_.begin(), pending_.end(), [](const Pending& p) { return p.sharing; })) {
    PriceSeries& first = pending_.front().series;
    if (first_ascending_ && first.times.empty()) {
      first.shared_dates = std::make_shared<const std::vector<Date>>(std::move(first.dates));
      first.dates = {};
      first.shared_first = 0;
      for (Pending& p : pending_)
        if (p.sharing) {
          p.series.shared_dates = first.shared_dates;
          p.series.shared_first = p.shared_first;
          p.sharing = false;
        }
    } else {
      for (Pending& p : pending_)
        if (p.sharing) unshare(p);
    }
  }
  parallel_for(pending_.size(), threads, [&](std::size_t index) {
    Pending& p = pending_[index];
    PriceSeries& s = p.series;
    // Adjusted close is preferred; a ticker whose adjusted column is empty throughout uses its
    // close, decided over the whole column, never mixed row by row.
    const bool any_adjusted = std::any_of(s.values.begin(), s.values.end(), [](double v) { return !is_missing(v); });
    if (!any_adjusted && p.any_fallback) s.values = p.fallback;
    auto key = [&](std::size_t k) { return s.times.empty() ? i64{s.dates[k].days} : s.times[k]; };
    bool sorted = true;
    for (std::size_t k = 1; k < s.dates.size() && sorted; ++k) sorted = key(k - 1) <= key(k);
    if (!sorted) {
      if (strict) {
        for (std::size_t k = 1; k < s.dates.size(); ++k)
          if (key(k) < key(k - 1)) {
            finished[index].error = Error(ErrorKind::bad_data, pos_(p.rows[k]),
                                          "row of " + s.ticker + " out of date order (after " + where_(p.rows[k - 1]) +
                                              "), expected ascending dates (--strict)");
            return;
          }
      }
      std::vector<std::size_t> order(s.dates.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
      PriceSeries sorted_series{s.ticker, {}, {}, {}};
      RowNumbers rows;
      for (const std::size_t k : order) {
        sorted_series.dates.push_back(s.dates[k]);
        sorted_series.values.push_back(s.values[k]);
        if (!s.times.empty()) sorted_series.times.push_back(s.times[k]);
        rows.push_back(p.rows[k]);
      }
      s = std::move(sorted_series);
      p.rows = std::move(rows);
      finished[index].note = source_ + ": rows of " + s.ticker + " were not in date order; sorted";
    }
    for (std::size_t k = 1; k < s.dates.size(); ++k)
      if (key(k) == key(k - 1)) {
        finished[index].error =
            Error(ErrorKind::bad_data, pos_(std::max(p.rows[k], p.rows[k - 1])),
                  "duplicate row for " + s.ticker + " on " + format_date(s.dates[k]) + " (also at " +
                      where_(std::min(p.rows[k], p.rows[k - 1])) + "), expected one row per ticker and date");
        return;
      }
    // Room reserved beyond the rows (a shorter series than its neighbours) is given back.
    if (s.values.capacity() > s.values.size() + s.values.size() / 4 + 64) {
      s.dates.shrink_to_fit();
      s.values.shrink_to_fit();
    }
  });
  std::vector<PriceSeries> out;
  out.reserve(pending_.size());
  for (std::size_t index = 0; index < pending_.size(); ++index) {
    if (finished[index].error) throw *finished[index].error;
    if (finished[index].note) notes.push_back(std::move(*finished[index].note));
    out.push_back(std::move(pending_[index].series));
  }
  for (const auto& [reason, entry] : skipped_) {
    std::string at = entry.second.file;
    if (entry.second.line > 0) {
      at += ':';
      at += std::to_string(entry.second.line);
    }
    if (entry.second.column > 0) {
      at += ':';
      at += std::to_string(entry.second.column);
    }
    notes.push_back(source_ + ": skipped " + std::to_string(entry.first) + " row(s) with " + reason + " (first at " + at + ")");
  }
  return out;
}

}  // namespace evstudy
