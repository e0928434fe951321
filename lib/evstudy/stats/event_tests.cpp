#include "evstudy/stats/event_tests.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "evstudy/stats/distributions.hpp"
#include "evstudy/stats/lane_sum.hpp"
#include "evstudy/stats/pairwise_correlation.hpp"
#include "evstudy/stats/ranks.hpp"

// The sums' terms below are given lane_sum.hpp's four-double vectors (see there: -Wpsabi).
#pragma GCC diagnostic ignored "-Wpsabi"

namespace evstudy {
namespace {

// Loops over a member's days, apart so that their arrays are known not to overlap (restrict
// parameters), and written so that they vectorize: each term computed whatever the day holds,
// then chosen (a missing day adds +0), the choices made before any addition.

/// sum[t] += (x[t] - mean) * inverse_sd where x[t] is present.
void add_standardized(const double* __restrict x, double* __restrict sum, std::size_t n, double mean, double inverse_sd) {
  for (std::size_t t = 0; t < n; ++t) {
    const double z = (x[t] - mean) * inverse_sd;
    sum[t] += is_missing(x[t]) ? 0.0 : z;
  }
}

/// sum[t] += x[t] and count[t] += 1 where x[t] is present.
void add_present(const double* __restrict x, double* __restrict sum, double* __restrict count, std::size_t n) {
  for (std::size_t t = 0; t < n; ++t) {
    const double value = is_missing(x[t]) ? 0.0 : x[t];
    const double one = is_missing(x[t]) ? 0.0 : 1.0;
    sum[t] += value;
    count[t] += one;
  }
}

/// 1 on the days x lacks, 0 on the others.
void missing_days(const double* __restrict x, double* __restrict out, std::size_t n) {
  for (std::size_t t = 0; t < n; ++t) out[t] = is_missing(x[t]) ? 1.0 : 0.0;
}

/// Whether x lacks exactly the days `missing` marks (as missing_days wrote them).
bool lacks_same_days(const double* __restrict x, const double* __restrict missing, std::size_t n) {
  // Or-ed, not summed: no chain of additions for each day to wait on.
  unsigned differ = 0;
  for (std::size_t t = 0; t < n; ++t) differ |= static_cast<unsigned>((is_missing(x[t]) ? 1.0 : 0.0) != missing[t]);
  return differ == 0;
}

/// U = rank / (T + 1) - 1/2 and sign(x - median), as doubles (Corrado & Zivney 1992).
double rank_u(double rank, double inverse_t_plus_1) { return rank * inverse_t_plus_1 - 0.5; }
double sign_about(double x, double median) { return (x > median ? 1.0 : 0.0) - (x < median ? 1.0 : 0.0); }

/// Per day where x is present: sum_u += U, sum_sign += sign(x - median) and count += 1.
void add_rank_and_sign(const double* __restrict x, const double* __restrict rank, double inverse_t_plus_1, double median,
                       double* __restrict sum_u, double* __restrict sum_sign, double* __restrict count, std::size_t n) {
  for (std::size_t p = 0; p < n; ++p) {
    const double u = rank_u(rank[p], inverse_t_plus_1);
    const double sign = sign_about(x[p], median);
    const double kept_u = is_missing(x[p]) ? 0.0 : u;
    const double kept_sign = is_missing(x[p]) ? 0.0 : sign;
    const double one = is_missing(x[p]) ? 0.0 : 1.0;
    sum_u[p] += kept_u;
    sum_sign[p] += kept_sign;
    count[p] += one;
  }
}

/// Mean pairwise correlation when every series has values on the same days: with z the
/// series standardized over those n days (sd divisor n - 1), r_ij = sum_t z_it z_jt / (n - 1),
/// so sum over i < j of r_ij = [sum_t (sum_i z_it)^2 - sum_i sum_t z_it^2] / (2 (n - 1)): O(N n)
/// instead of O(N^2 n). Series without spread are left out, as in the pairwise form.
/// Each series is added with its mean and centred sum of squares over its days.
class CommonDaysCorrelation {
 public:
  CommonDaysCorrelation(std::size_t days, double n) : column_sum_(days, 0.0), n_(n) {}

  // Without branches, so that it vectorizes: a missing day adds +0 to every sum.
  void add(std::span<const double> x, double mean, double ss) {
    if (!(ss > 0.0)) return;
    const double inverse_sd = 1.0 / std::sqrt(ss / (n_ - 1.0));
    add_standardized(x.data(), column_sum_.data(), std::min(x.size(), column_sum_.size()), mean, inverse_sd);
    squares_ += lane_sum(x, [mean, inverse_sd](auto v) {
      const auto z = where_present(v, (v - mean) * inverse_sd);
      return z * z;
    });
    used_ += 1.0;
  }

  double value() const {
    if (used_ < 2.0) return missing;
    double cross = 0.0;
    for (const double c : column_sum_) cross += c * c;
    const double pair_sum = (cross - squares_) / (2.0 * (n_ - 1.0));
    return pair_sum / (used_ * (used_ - 1.0) / 2.0);
  }

 private:
  std::vector<double> column_sum_;
  double n_;
  double squares_ = 0.0;
  double used_ = 0.0;
};

// Sums over the values present in a series (a missing one adds +0: a sum of values is never
// -0, so adding +0 changes nothing), in four lanes; their terms, for one value or four.
constexpr auto one_if_present = [](auto v) { return where_present(v, one_like(v)); };
constexpr auto value_if_present = [](auto v) { return where_present(v, v); };
constexpr auto one_if_positive = [](auto v) { return one_where_positive(v); };  // a NaN is not positive

/// The number of days with a value in `x`.
double present_days(std::span<const double> x) { return lane_sum(x, one_if_present); }

/// The sum of the values present in `x`.
double present_sum(std::span<const double> x) { return lane_sum(x, value_if_present); }

/// The sum of squares about `mean` of the values present in `x`.
double centred_squares(std::span<const double> x, double mean) {
  return lane_sum(x, [mean](auto v) { return where_present(v, (v - mean) * (v - mean)); });
}

/// What the tests need of one security, computed once per event.
struct Member {
  const SecurityEvent* se = nullptr;
  double s2 = missing;       // variance of the estimation residuals, divisor L - 1 (bw1980)
  double var_sar = missing;  // Var(SAR) under H0 = df / (df - 2) (Patell 1976)
  double p_positive = missing;  // fraction of positive estimation residuals (Cowan 1992)
  std::size_t slot = 0;      // its place among the group's members (GroupSums' arrays)
};

/// What the tests sum over a group's members, taken member by member as each is prepared (its
/// data then in the cache), each sum adding the members in order.
struct GroupSums {
  std::size_t members = 0;
  std::size_t window_days = 0;
  // Per event-window day k and member: [k * members + slot]. U = K/(T+1) - 1/2 over the
  // member's estimation then event days and sign(AR - median) (Corrado & Zivney 1992).
  std::vector<double> ar, sar, u, sign;
  // Per estimation+event day, over all members: the sums of U and of the signs, and how many.
  std::vector<double> sum_u, sum_sign, count;
  // Per estimation day: the portfolio residual sums and counts (BW's crude dependence adjustment).
  std::vector<double> cda_sum, cda_count;
  // Whether every member has values on the first one's estimation days; r-bar's sums if so.
  std::vector<double> first_missing;  // 1 on the first member's missing days
  bool common_days = true;
  std::optional<CommonDaysCorrelation> correlation;

  GroupSums(std::size_t n_members, std::size_t n_est, std::size_t n_window)
      : members(n_members), window_days(n_window), ar(n_members * n_window), sar(n_members * n_window),
        u(n_members * n_window), sign(n_members * n_window), sum_u(n_est + n_window, 0.0),
        sum_sign(n_est + n_window, 0.0), count(n_est + n_window, 0.0), cda_sum(n_est, 0.0), cda_count(n_est, 0.0) {}

  double at(const std::vector<double>& per_day, const Member& m, std::size_t k) const { return per_day[k * members + m.slot]; }
};

/// One member's part of the tests, its sums added to `sums` (`instructions`: for its ranks).
Member prepare(const SecurityEvent& se, std::size_t slot, GroupSums& sums, Instructions instructions) {
  Member m;
  m.se = &se;
  m.slot = slot;
  // Without branches (a missing residual adds +0), the loops vectorize.
  const std::span<const double> est = se.est_residuals;
  // The days present, the positive residuals and their sum, in one pass.
  const auto [count, positive, total] = lane_sums(est, one_if_present, one_if_positive, value_if_present);
  const double mean = total / count;
  const double ss = centred_squares(est, mean);
  m.s2 = ss / (count - 1.0);
  m.p_positive = positive / count;
  m.var_sar = se.fit.df / (se.fit.df - 2.0);
  // The portfolio residual series (BW-CDA).
  add_present(est.data(), sums.cda_sum.data(), sums.cda_count.data(), std::min(sums.cda_sum.size(), est.size()));
  // r-bar on common days: the first member sets the days; another with other days ends it.
  if (slot == 0) {
    sums.first_missing.resize(est.size());
    missing_days(est.data(), sums.first_missing.data(), est.size());
    sums.correlation.emplace(est.size(), count);
  } else if (sums.common_days) {
    sums.common_days = est.size() == sums.first_missing.size() &&
                       lacks_same_days(est.data(), sums.first_missing.data(), est.size());
  }
  if (sums.common_days) sums.correlation->add(est, mean, ss);
  // Ranks over the estimation then event days. Reused per thread: every member of every event
  // is ranked over its few hundred days.
  thread_local std::vector<double> all;
  thread_local std::vector<double> rank;
  all.assign(se.est_residuals.begin(), se.est_residuals.end());
  all.insert(all.end(), se.ar.begin(), se.ar.end());
  rank.resize(all.size());
  const RankSummary rs = rank_into(all, rank, instructions);
  const double med = rs.median;
  const std::size_t days = sums.sum_u.size();
  const std::size_t n_est = days - sums.window_days;
  // A missing value has a NaN rank, so a NaN U, and adds 0 to the day's sums and counts 0; its
  // kept sign is set to NaN by selection.
  const double inverse_t_plus_1 = 1.0 / (rs.count + 1.0);
  const double* x = all.data();
  const double* r = rank.data();
  const std::size_t n = std::min(days, all.size());
  add_rank_and_sign(x, r, inverse_t_plus_1, med, sums.sum_u.data(), sums.sum_sign.data(), sums.count.data(), n);
  for (std::size_t p = n_est; p < n; ++p) {
    const std::size_t at = (p - n_est) * sums.members + slot;
    sums.u[at] = rank_u(r[p], inverse_t_plus_1);
    sums.sign[at] = is_missing(x[p]) ? missing : sign_about(x[p], med);
  }
  for (std::size_t k = 0; k < sums.window_days && k < se.ar.size(); ++k) {
    sums.ar[k * sums.members + slot] = se.ar[k];
    sums.sar[k * sums.members + slot] = se.sar[k];
  }
  return m;
}

#if defined(EVSTUDY_HAS_AVX2_PATHS)
/// prepare compiled for AVX2, with everything it calls here inlined into it (flatten): its
/// loops take four days a step instead of two. The same bits: each loop's terms are the same
/// operations day by day, and its sums keep their four lanes (lane_sum) or are of whole numbers.
__attribute__((target("avx2"), flatten)) Member prepare_avx2(const SecurityEvent& se, std::size_t slot, GroupSums& sums,
                                                            Instructions instructions) {
  return prepare(se, slot, sums, instructions);
}
#endif

struct MeanSd {
  double mean = missing;
  double sd = missing;
};

MeanSd mean_sd(const std::vector<double>& x) {
  MeanSd out;
  if (x.empty()) return out;
  double sum = 0.0;
  for (const double v : x) sum += v;
  out.mean = sum / static_cast<double>(x.size());
  if (x.size() < 2) return out;
  double ss = 0.0;
  for (const double v : x) ss += (v - out.mean) * (v - out.mean);
  out.sd = std::sqrt(ss / static_cast<double>(x.size() - 1));
  return out;
}

/// mean / (sd / sqrt(n)); NaN when the spread is zero or undefined.
double standardized_mean(const MeanSd& ms, std::size_t n) {
  if (!(ms.sd > 0.0)) return missing;
  return ms.mean / (ms.sd / std::sqrt(static_cast<double>(n)));
}

/// S_U or S_G: sqrt((1/T) sum over days with data of (sum / sqrt(n))^2).
double day_scale(const std::vector<double>& sums, const std::vector<double>& n) {
  double ss = 0.0;
  double t = 0.0;
  for (std::size_t p = 0; p < sums.size(); ++p)
    if (n[p] > 0.0) {
      const double z = sums[p] / std::sqrt(n[p]);
      ss += z * z;
      t += 1.0;
    }
  return std::sqrt(ss / t);
}

/// The portfolio (equally weighted) residual series over the estimation days, for BW's crude
/// dependence adjustment: its standard deviation (divisor L - 1) and L.
MeanSd cda_scale(const GroupSums& sums, double& length) {
  std::vector<double> series;
  for (std::size_t j = 0; j < sums.cda_sum.size(); ++j)
    if (sums.cda_count[j] > 0.0) series.push_back(sums.cda_sum[j] / sums.cda_count[j]);
  length = static_cast<double>(series.size());
  return mean_sd(series);
}

double kp_patell_factor(double rbar, std::size_t n) {
  if (n == 1) return 1.0;
  const double d = 1.0 + (static_cast<double>(n) - 1.0) * rbar;
  return d > 0.0 ? std::sqrt(1.0 / d) : missing;
}

double kp_bmp_factor(double rbar, std::size_t n) {
  const double d = 1.0 + (static_cast<double>(n) - 1.0) * rbar;
  return d > 0.0 && rbar < 1.0 ? std::sqrt((1.0 - rbar) / d) : missing;
}

/// The values a scope's tests run on: per security its AR (a day) or CAR (a window), its
/// standardized version (SAR or SCAR, CSAR for Patell), and the rank/sign statistics.
struct Scope {
  std::string name;
  std::vector<const Member*> who;
  std::vector<double> x;          // AR or CAR
  std::vector<double> z;          // SAR or SCAR (BMP)
  std::vector<double> patell;     // SAR or CSAR = sum SAR / sqrt(m) (Dodd & Warner 1983)
  double m_days = 1.0;            // 1 for a day, m for a CAR window
  double corrado = missing;
  double cz_sign = missing;

  /// Room for `members` securities, so that no scope of the group grows its arrays.
  explicit Scope(std::size_t members) {
    who.reserve(members);
    x.reserve(members);
    z.reserve(members);
    patell.reserve(members);
  }

  /// Emptied for the next scope (its arrays keep their room).
  void restart(std::string scope_name, double days) {
    name = std::move(scope_name);
    who.clear();
    x.clear();
    z.clear();
    patell.clear();
    m_days = days;
    corrado = missing;
    cz_sign = missing;
  }
};

void add_tests(const Scope& s, double cda_sd, double cda_length, double rbar, std::vector<TestRow>& rows) {
  const std::size_t n = s.who.size();
  const auto N = static_cast<i64>(n);
  const double dn = static_cast<double>(n);
  auto push = [&](const char* test, double stat, double p) { rows.push_back({s.name, test, stat, p, N}); };
  const MeanSd x = mean_sd(s.x);
  const double t_stat = standardized_mean(x, n);
  push("t", t_stat, two_sided_p_student(t_stat, dn - 1.0));
  double sum_s2 = 0.0;
  double sum_var_sar = 0.0;
  for (const Member* m : s.who) {
    sum_s2 += m->s2;
    sum_var_sar += m->var_sar;
  }
  const double bw1980 = n > 0 ? x.mean / (std::sqrt(s.m_days) * std::sqrt(sum_s2) / dn) : missing;
  push("bw1980", bw1980, two_sided_p_normal(bw1980));
  const double cda = n > 0 && cda_sd > 0.0 ? x.mean / (std::sqrt(s.m_days) * cda_sd) : missing;
  push("bw-cda", cda, two_sided_p_student(cda, cda_length - 1.0));
  double sum_patell = 0.0;
  for (const double v : s.patell) sum_patell += v;
  const double patell = n > 0 ? sum_patell / std::sqrt(sum_var_sar) : missing;
  push("patell", patell, two_sided_p_normal(patell));
  const double kp_patell = patell * kp_patell_factor(rbar, n);
  push("kp-patell", kp_patell, two_sided_p_normal(kp_patell));
  const double bmp = standardized_mean(mean_sd(s.z), n);
  push("bmp", bmp, two_sided_p_student(bmp, dn - 1.0));
  const double kp_bmp = bmp * kp_bmp_factor(rbar, n);
  push("kp-bmp", kp_bmp, two_sided_p_student(kp_bmp, dn - 1.0));
  push("corrado", s.corrado, two_sided_p_normal(s.corrado));
  push("cz-sign", s.cz_sign, two_sided_p_normal(s.cz_sign));
  double positive = 0.0;
  double p_hat = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    positive += s.x[i] > 0.0 ? 1.0 : 0.0;
    p_hat += s.who[i]->p_positive / dn;
  }
  const double sign = n > 0 ? (positive - 0.5 * dn) / std::sqrt(0.25 * dn) : missing;
  push("sign", sign, two_sided_p_normal(sign));
  const double var_g = dn * p_hat * (1.0 - p_hat);
  const double gsign = n > 0 && var_g > 0.0 ? (positive - dn * p_hat) / std::sqrt(var_g) : missing;
  push("gsign", gsign, two_sided_p_normal(gsign));
  const SignedRank w = wilcoxon_signed_rank(s.x);
  push("wilcoxon", w.w_plus, w.p_value);
}

}  // namespace

const std::vector<std::string>& default_test_names() {
  static const std::vector<std::string> names{"t",      "bw1980",  "bw-cda",  "patell", "kp-patell", "bmp",
                                              "kp-bmp", "corrado", "cz-sign", "sign",   "gsign",     "wilcoxon"};
  return names;
}

namespace {

double mean_correlation_common_days(const EventResult& event, const std::vector<std::size_t>& members) {
  const auto& first = event.securities[members.front()].est_residuals;
  const double n = present_days(first);
  CommonDaysCorrelation correlation(first.size(), n);
  for (const std::size_t m : members) {
    const std::span<const double> x = event.securities[m].est_residuals;
    const double mean = present_sum(x) / n;
    correlation.add(x, mean, centred_squares(x, mean));
  }
  return correlation.value();
}

bool same_missing_days(const EventResult& event, const std::vector<std::size_t>& members) {
  const auto& first = event.securities[members.front()].est_residuals;
  std::vector<double> first_missing(first.size());
  missing_days(first.data(), first_missing.data(), first.size());
  return std::all_of(members.begin(), members.end(), [&](std::size_t m) {
    const auto& x = event.securities[m].est_residuals;
    return x.size() == first.size() && lacks_same_days(x.data(), first_missing.data(), x.size());
  });
}

/// Mean pairwise correlation, each pair over the days both have.
double mean_correlation_pairwise(const EventResult& event, const std::vector<std::size_t>& members) {
  std::vector<std::span<const double>> series;
  series.reserve(members.size());
  for (const std::size_t m : members) series.emplace_back(event.securities[m].est_residuals);
  return mean_pairwise_correlation(series);
}

}  // namespace

double mean_residual_correlation(const EventResult& event, const std::vector<std::size_t>& members) {
  if (members.size() < 2) return missing;
  return same_missing_days(event, members) ? mean_correlation_common_days(event, members)
                                           : mean_correlation_pairwise(event, members);
}

std::vector<TestRow> group_tests(const EventResult& event, const GroupEvent& group, Window window,
                                 const std::vector<Window>& car_windows, Instructions instructions) {
  std::vector<TestRow> rows;
  if (group.members.empty()) return rows;
  const std::size_t n_est = event.securities[group.members.front()].est_residuals.size();
  const auto window_days = static_cast<std::size_t>(window.length());
  GroupSums sums(group.members.size(), n_est, window_days);
  std::vector<Member> members;
  members.reserve(group.members.size());
  auto* prepare_member = &prepare;
#if defined(EVSTUDY_HAS_AVX2_PATHS)
  if (use_avx2(instructions)) prepare_member = &prepare_avx2;
#endif
  for (const std::size_t s : group.members)
    members.push_back(prepare_member(event.securities[s], members.size(), sums, instructions));
  // r-bar (as mean_residual_correlation): on common days from the sums the members'
  // preparation took, else pair by pair (the preparation has already found the days differ).
  const double rbar = members.size() < 2 ? missing
                      : sums.common_days ? sums.correlation->value()
                                         : mean_correlation_pairwise(event, group.members);
  double cda_length = 0.0;
  const double cda_sd = cda_scale(sums, cda_length).sd;
  // Rank and sign scales over every estimation and event day with data (Corrado & Zivney 1992).
  const double s_u = day_scale(sums.sum_u, sums.count);
  const double s_g = day_scale(sums.sum_sign, sums.count);

  // One scope's arrays, reused for each day and CAR window.
  Scope s(members.size());
  for (std::size_t k = 0; k < window_days; ++k) {
    s.restart(std::to_string(window.first + static_cast<i64>(k)), 1.0);
    for (const Member& m : members)
      if (const double ar = sums.at(sums.ar, m, k); !is_missing(ar)) {
        s.who.push_back(&m);
        s.x.push_back(ar);
        s.z.push_back(sums.at(sums.sar, m, k));
        s.patell.push_back(sums.at(sums.sar, m, k));
      }
    const std::size_t p = n_est + k;
    if (sums.count[p] > 0.0) {
      const double root_n = std::sqrt(sums.count[p]);
      s.corrado = sums.sum_u[p] / root_n / s_u;
      s.cz_sign = sums.sum_sign[p] / root_n / s_g;
    }
    add_tests(s, cda_sd, cda_length, rbar, rows);
  }
  for (std::size_t w = 0; w < car_windows.size(); ++w) {
    const Window cw = car_windows[w];
    s.restart(format_window(cw), static_cast<double>(cw.length()));
    const auto first = static_cast<std::size_t>(cw.first - window.first);
    const auto last = static_cast<std::size_t>(cw.last - window.first);
    for (const Member& m : members) {
      if (is_missing(m.se->cars[w].car)) continue;
      s.who.push_back(&m);
      s.x.push_back(m.se->cars[w].car);
      s.z.push_back(m.se->cars[w].scar);
      double csar = 0.0;
      for (std::size_t k = first; k <= last; ++k) csar += sums.at(sums.sar, m, k);
      s.patell.push_back(csar / std::sqrt(s.m_days));
    }
    if (!s.who.empty()) {
      // Daily rank and sign statistics of the complete-window securities, summed / sqrt(m).
      double corrado = 0.0;
      double cz_sign = 0.0;
      for (std::size_t k = first; k <= last; ++k) {
        // Without branches, as the day sums over all members are taken.
        double sum_u = 0.0;
        double sum_sign = 0.0;
        double n = 0.0;
        for (const Member* m : s.who) {
          const double u = sums.at(sums.u, *m, k);
          const bool present = !is_missing(u);
          sum_u += present ? u : 0.0;
          sum_sign += present ? sums.at(sums.sign, *m, k) : 0.0;
          n += present ? 1.0 : 0.0;
        }
        const double root_n = std::sqrt(n);
        corrado += sum_u / root_n / s_u;
        cz_sign += sum_sign / root_n / s_g;
      }
      s.corrado = corrado / std::sqrt(s.m_days);
      s.cz_sign = cz_sign / std::sqrt(s.m_days);
    }
    add_tests(s, cda_sd, cda_length, rbar, rows);
  }
  rows.push_back({"estimation", "rbar", rbar, missing, static_cast<i64>(members.size())});
  return rows;
}

}  // namespace evstudy
