#include "evstudy/stats/estudy2_tests.hpp"

#include <algorithm>
#include <cmath>

#include "evstudy/stats/distributions.hpp"
#include "evstudy/stats/ranks.hpp"

namespace evstudy {
namespace {

/// Mean and sample sd (divisor n - 1) of the non-missing values; NaN where undefined.
struct Moments {
  double n = 0.0;
  double mean = missing;
  double sd = missing;
};

Moments moments(const std::vector<double>& x) {
  Moments m;
  double sum = 0.0;
  for (const double v : x)
    if (!is_missing(v)) {
      sum += v;
      m.n += 1.0;
    }
  if (m.n == 0.0) return m;
  m.mean = sum / m.n;
  if (m.n < 2.0) return m;
  double ss = 0.0;
  for (const double v : x)
    if (!is_missing(v)) ss += (v - m.mean) * (v - m.mean);
  m.sd = std::sqrt(ss / (m.n - 1.0));
  return m;
}

/// Mean and SSM of the market over the estimation days where it exists (estudy2's Patell and
/// Lamb quirk: whether or not the security has a return that day).
void market_moments(const SecurityEvent& se, double& mean, double& ssm) {
  const Moments m = moments(se.est_market);
  mean = m.mean;
  ssm = 0.0;
  for (const double v : se.est_market)
    if (!is_missing(v)) ssm += (v - mean) * (v - mean);
}

/// One security as estudy2 sees it: ARs over the estimation days then the window days.
struct E2Member {
  const SecurityEvent* se = nullptr;
  double L = 0.0;            // complete-case estimation length
  double var = missing;      // var of the estimation ARs (n - 1); missing with < 2 values
  std::vector<double> sar;   // over the event window, standardized with the sd (L - 1)
};

/// The per-day cross-section of a matrix of per-security values: n_t, the plain sum and mean.
struct Row {
  double n = 0.0;
  double sum = 0.0;
  double mean() const { return n > 0.0 ? sum / n : missing; }
  double scaled_sum(double big_n) const { return n > 0.0 ? big_n * sum / n : missing; }  // Σ*: N · mean
};

Row row_of(const std::vector<std::vector<double>>& x, std::size_t t) {
  Row r;
  for (const auto& col : x)
    if (!is_missing(col[t])) {
      r.n += 1.0;
      r.sum += col[t];
    }
  return r;
}

/// Ranks over estimation + window days; `days` positions (estimation first).
struct RankStats {
  std::vector<std::vector<double>> rank_dev;  // K - (T_i + 1)/2
  std::vector<std::vector<double>> u_dev;     // K / (T_i + 1) - 1/2
  std::vector<std::vector<double>> sign;      // sign(A - median)
  std::vector<std::vector<double>> ranks;     // K
  std::vector<double> mean_rank;              // (T_i + 1) / 2
  double t_bar = 0.0;                         // mean T_i (event days included)
};

RankStats rank_stats(const std::vector<E2Member>& members, std::size_t window_from, std::size_t window_to) {
  RankStats r;
  for (const E2Member& m : members) {
    std::vector<double> all = m.se->est_residuals;
    all.insert(all.end(), m.se->ar.begin() + static_cast<std::ptrdiff_t>(window_from),
               m.se->ar.begin() + static_cast<std::ptrdiff_t>(window_to) + 1);
    const RanksAndMedian rm = ranks_and_median(all);
    const std::vector<double>& k = rm.ranks;
    const double t = rm.count;
    const double med = rm.median;
    std::vector<double> rd(all.size(), missing), ud(all.size(), missing), sg(all.size(), missing);
    for (std::size_t p = 0; p < all.size(); ++p) {
      if (is_missing(all[p])) continue;
      rd[p] = k[p] - (t + 1.0) / 2.0;
      ud[p] = k[p] / (t + 1.0) - 0.5;
      sg[p] = all[p] > med ? 1.0 : all[p] < med ? -1.0 : 0.0;
    }
    r.rank_dev.push_back(std::move(rd));
    r.u_dev.push_back(std::move(ud));
    r.sign.push_back(std::move(sg));
    r.ranks.push_back(k);
    r.mean_rank.push_back((t + 1.0) / 2.0);
    r.t_bar += t / static_cast<double>(members.size());
  }
  return r;
}

double student_p(double stat, double df) { return two_sided_p_student(stat, df); }

}  // namespace

const std::vector<std::string>& estudy2_daily_test_names() {
  static const std::vector<std::string> names{"bw1980", "bw-cda", "t",       "patell",  "bmp",     "lamb",
                                              "sign",   "gsign",  "cz-sign", "corrado", "cz-rank", "wilcoxon"};
  return names;
}

std::vector<TestRow> group_tests_estudy2(const EventResult& event, const GroupEvent& group, Window window,
                                         const std::vector<Window>& car_windows, double car_threshold) {
  std::vector<TestRow> rows;
  if (group.members.empty()) return rows;
  std::vector<E2Member> members;
  for (const std::size_t s : group.members) {
    E2Member m;
    m.se = &event.securities[s];
    m.L = static_cast<double>(m.se->fit.n_est);
    const Moments est = moments(m.se->est_residuals);
    m.var = est.n >= 2.0 ? est.sd * est.sd : missing;
    double mean_m = 0.0, ssm = 0.0;
    market_moments(*m.se, mean_m, ssm);
    m.sar.assign(m.se->ar.size(), missing);
    for (std::size_t k = 0; k < m.se->ar.size(); ++k) {
      const double dm = m.se->market[k] - mean_m;
      m.sar[k] = m.se->ar[k] / (est.sd * std::sqrt(1.0 + 1.0 / m.L + dm * dm / ssm));
    }
    members.push_back(std::move(m));
  }
  const auto N = static_cast<double>(members.size());
  const std::size_t n_est = members.front().se->est_residuals.size();
  const std::size_t days = members.front().se->ar.size();
  double l_bar = 0.0, sum_var = 0.0, patell_denominator = 0.0;
  for (const E2Member& m : members) {
    l_bar += m.L / N;
    if (!is_missing(m.var)) sum_var += m.var;
    patell_denominator += (m.L - 2.0) / (m.L - 4.0);
  }
  const double s_1980 = std::sqrt(sum_var) / N;
  // BW 1985: sd of the cross-sectional mean AR over the estimation days (days with none dropped).
  std::vector<std::vector<double>> est_ar, ar, sar;
  for (const E2Member& m : members) {
    est_ar.push_back(m.se->est_residuals);
    ar.push_back(m.se->ar);
    sar.push_back(m.sar);
  }
  std::vector<double> est_means;
  for (std::size_t j = 0; j < n_est; ++j) {
    const Row r = row_of(est_ar, j);
    if (r.n > 0.0) est_means.push_back(r.mean());
  }
  const double s_1985 = moments(est_means).sd;
  // Lamb: the market of the first security, over the estimation days where it exists.
  double lamb_mean = 0.0, lamb_ssm = 0.0;
  market_moments(*members.front().se, lamb_mean, lamb_ssm);
  // Generalized sign: p̂ pooled over every (security, estimation day) cell.
  double positive = 0.0, cells = 0.0;
  for (const auto& col : est_ar)
    for (const double v : col)
      if (!is_missing(v)) {
        cells += 1.0;
        positive += v > 0.0 ? 1.0 : 0.0;
      }
  const double p_hat = positive / cells;
  // Nonparametric tests need the estimation window to end before the event window.
  const SecurityEvent& first = *members.front().se;
  // Patell, Boehmer and Lamb need the market model (estudy2 errors, and skips them, otherwise).
  const bool market_model = first.fit.model == ModelKind::market;
  const bool ranks_allowed = first.est_first + static_cast<i64>(n_est) - 1 < first.day0 + window.first;
  const RankStats rs = rank_stats(members, 0, days - 1);
  auto scale = [&](const std::vector<std::vector<double>>& x, bool by_root) {
    double ss = 0.0;
    for (std::size_t p = 0; p < n_est + days; ++p) {
      const Row r = row_of(x, p);
      if (r.n == 0.0) continue;
      const double d = r.scaled_sum(N) / (by_root ? std::sqrt(r.n) : r.n);
      ss += d * d;
    }
    return std::sqrt(ss / rs.t_bar);
  };
  const double s_csign = scale(rs.sign, true);
  const double s_rank = scale(rs.rank_dev, false);
  const double s_mrank = scale(rs.u_dev, true);

  std::vector<double> bw1985_daily(days, missing), lamb_daily(days, missing), pct(days, 0.0);
  for (std::size_t k = 0; k < days; ++k) {
    const std::string scope = std::to_string(window.first + static_cast<i64>(k));
    const Row a = row_of(ar, k);
    const double n = a.n;
    pct[k] = 100.0 * n / N;
    auto push = [&](const char* test, double stat, double p) {
      rows.push_back({scope, test, stat, p, static_cast<i64>(n)});
    };
    const double mean_ar = a.mean();
    const double bw80 = mean_ar / s_1980;
    push("bw1980", bw80, student_p(bw80, l_bar - 1.0));
    bw1985_daily[k] = mean_ar / s_1985;
    push("bw-cda", bw1985_daily[k], student_p(bw1985_daily[k], l_bar - 1.0));
    std::vector<double> day_ar, day_sar;
    for (std::size_t i = 0; i < members.size(); ++i) {
      day_ar.push_back(ar[i][k]);
      day_sar.push_back(sar[i][k]);
    }
    const Moments mar = moments(day_ar);
    const double t = mar.mean / mar.sd * std::sqrt(mar.n);
    push("t", t, student_p(t, mar.n - 1.0));
    const double patell = market_model ? row_of(sar, k).scaled_sum(N) / std::sqrt(patell_denominator) : missing;
    push("patell", patell, two_sided_p_normal(patell));
    const Moments msar = moments(day_sar);
    const double bmp = market_model ? msar.mean / msar.sd * std::sqrt(msar.n) : missing;
    push("bmp", bmp, student_p(bmp, msar.n - 1.0));
    const double dm = first.market[k] - lamb_mean;
    if (market_model) lamb_daily[k] = mean_ar / (s_1985 * std::sqrt(1.0 + 1.0 / l_bar + dm * dm / lamb_ssm));
    push("lamb", lamb_daily[k], two_sided_p_normal(lamb_daily[k]));
    double pos = 0.0;
    for (const double v : day_ar) pos += (!is_missing(v) && v > 0.0) ? 1.0 : 0.0;
    const double b_sum = n > 0.0 ? N * pos / n : missing;
    const double sign = n > 0.0 && ranks_allowed ? (b_sum - 0.5 * n) / std::sqrt(0.25 * n) : missing;
    push("sign", sign, two_sided_p_normal(sign));
    const double gsign = n > 0.0 && ranks_allowed ? (b_sum - n * p_hat) / std::sqrt(n * p_hat * (1.0 - p_hat)) : missing;
    push("gsign", gsign, two_sided_p_normal(gsign));
    const std::size_t p = n_est + k;
    const Row g = row_of(rs.sign, p), d = row_of(rs.rank_dev, p), u = row_of(rs.u_dev, p);
    const double csign = ranks_allowed && g.n > 0.0 ? g.scaled_sum(N) / std::sqrt(g.n) / s_csign : missing;
    push("cz-sign", csign, two_sided_p_normal(csign));
    const double rank = ranks_allowed && d.n > 0.0 ? d.scaled_sum(N) / d.n / s_rank : missing;
    push("corrado", rank, two_sided_p_normal(rank));
    const double mrank = ranks_allowed && u.n > 0.0 ? u.scaled_sum(N) / std::sqrt(u.n) / s_mrank : missing;
    push("cz-rank", mrank, two_sided_p_normal(mrank));
    // Wilcoxon: W+ scaled by N / N' (quirk); the p-value is that of W+ itself.
    const SignedRank w = wilcoxon_signed_rank(day_ar);
    const double w_stat = w.n_nonzero > 0 ? w.w_plus * N / static_cast<double>(w.n_nonzero) : missing;
    push("wilcoxon", w_stat, w.p_value);
  }

  for (const Window& cw : car_windows) {
    const std::string scope = format_window(cw);
    const auto from = static_cast<std::size_t>(cw.first - window.first);
    const auto to = static_cast<std::size_t>(cw.last - window.first);
    // car_brown_warner_1985 and car_lamb: daily statistics of the kept days, summed / sqrt(k).
    double k_days = 0.0, bw_sum = 0.0, lamb_sum = 0.0;
    for (std::size_t k = from; k <= to; ++k) {
      if (!(pct[k] > car_threshold) || !(pct[k] > 0.0)) continue;
      k_days += 1.0;
      if (!is_missing(bw1985_daily[k])) bw_sum += bw1985_daily[k];
      if (!is_missing(lamb_daily[k])) lamb_sum += lamb_daily[k];
    }
    const double bw = k_days > 0.0 ? bw_sum / std::sqrt(k_days) : missing;
    const double lamb = k_days > 0.0 && market_model ? lamb_sum / std::sqrt(k_days) : missing;
    rows.push_back({scope, "bw-cda", bw, two_sided_p_normal(bw), static_cast<i64>(N)});
    rows.push_back({scope, "lamb", lamb, two_sided_p_normal(lamb), static_cast<i64>(N)});
    // car_rank_test: ranks over the estimation days and the CAR window only.
    double rank_stat = missing;
    const bool allowed = first.est_first + static_cast<i64>(n_est) - 1 < first.day0 + cw.first;
    if (allowed) {
      const RankStats cr = rank_stats(members, from, to);
      double k_bar = 0.0;
      for (const double m : cr.mean_rank) k_bar += m / N;
      double ss = 0.0;
      for (std::size_t p = 0; p < n_est + (to - from + 1); ++p) {
        const Row r = row_of(cr.ranks, p);
        if (r.n > 0.0) ss += (r.mean() - k_bar) * (r.mean() - k_bar);
      }
      double kept = 0.0, pooled_sum = 0.0, pooled_n = 0.0;
      for (std::size_t k = from; k <= to; ++k) {
        const Row r = row_of(cr.ranks, n_est + (k - from));
        if (!(100.0 * r.n / N > car_threshold)) continue;
        kept += 1.0;
        pooled_sum += r.sum;
        pooled_n += r.n;
      }
      if (kept > 0.0) rank_stat = std::sqrt(kept) * (pooled_sum / pooled_n - k_bar) / std::sqrt(ss / cr.t_bar);
    }
    rows.push_back({scope, "corrado", rank_stat, two_sided_p_normal(rank_stat), static_cast<i64>(N)});
  }
  return rows;
}

}  // namespace evstudy
