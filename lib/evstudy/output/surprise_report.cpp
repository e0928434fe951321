#include "evstudy/output/surprise_report.hpp"

namespace evstudy {
namespace {

Cell number(double x) { return is_missing(x) ? Cell{} : Cell{x}; }

}  // namespace

std::optional<SurpriseReport> parse_surprise_report(std::string_view name) {
  if (name == "coef") return SurpriseReport::coef;
  if (name == "buckets") return SurpriseReport::buckets;
  if (name == "surprises") return SurpriseReport::surprises;
  if (name == "skips") return SurpriseReport::skips;
  return std::nullopt;
}

ReportTable make_surprise_report(SurpriseReport kind, const SurpriseResult& r) {
  ReportTable t;
  switch (kind) {
    case SurpriseReport::coef:
      t.name = "coef";
      t.columns = {"ticker", "window", "n", "beta", "se_hc1", "t", "p_value", "r2"};
      for (const CoefRow& c : r.coef)
        t.rows.push_back({c.ticker, format_window(c.window), c.fit.n, number(c.fit.beta), number(c.fit.se_hc1),
                          number(c.fit.t), number(c.fit.p_value), number(c.fit.r2)});
      break;
    case SurpriseReport::buckets:
      t.name = "buckets";
      t.columns = {"ticker", "window", "bucket", "n", "mean_car", "t"};
      for (const BucketRow& b : r.buckets)
        t.rows.push_back({b.ticker, format_window(b.window), b.bucket, b.n, number(b.mean_car), number(b.t)});
      break;
    case SurpriseReport::surprises:
      t.name = "surprises";
      t.columns = {"event", "date", "actual", "consensus", "surprise", "std_surprise"};
      for (const SurpriseRow& s : r.surprises)
        t.rows.push_back({s.event, format_date(s.date), number(s.actual), number(s.consensus), number(s.surprise),
                          number(s.std_surprise)});
      break;
    case SurpriseReport::skips:
      t.name = "skips";
      t.columns = {"event", "ticker", "reason"};
      for (const Skip& s : r.skips) t.rows.push_back({s.event, s.ticker, s.reason});
      break;
  }
  return t;
}

}  // namespace evstudy
