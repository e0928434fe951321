// Writes evstudy's sample data, deterministically (same bytes on every run and machine with
// IEEE doubles): daily closes of 26 securities on NYSE trading days 2023-01-03..2026-03-31,
// monthly CPI releases, and the 2026-02-11 CPI study spec. Usage: evstudy_samples OUTDIR
//
// Returns follow a factor structure: r = alpha + beta r_SPX + loading f_sector + gamma z + e,
// where z is the standardized CPI surprise on release days (surprise / its sample standard
// deviation over the file: the quantity `evstudy surprise` regresses on). gamma is each
// security's abnormal sensitivity to a one-standard-deviation hot print. The week of
// 2026-02-09 is scripted: a soft CPI (2.5% vs 2.9%) lifts small caps ~18%, biotech and
// regional banks by double digits, leaves mega-cap tech flat and sends defensives down.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "evstudy/core/date.hpp"
#include "nyse_calendar.hpp"

namespace {

using evstudy::Date;
using evstudy::format_date;
using evstudy::from_ymd;

/// Standard normal draws from mt19937_64 bits by Box-Muller: unlike std::normal_distribution,
/// the same on every standard library.
class Normal {
 public:
  explicit Normal(std::uint64_t seed) : bits_(seed) {}
  double operator()() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = (static_cast<double>(bits_() >> 11) + 1.0) * 0x1.0p-53;  // (0, 1]
    const double u2 = static_cast<double>(bits_() >> 11) * 0x1.0p-53;
    const double radius = std::sqrt(-2.0 * std::log(u1));
    spare_ = radius * std::sin(2.0 * M_PI * u2);
    has_spare_ = true;
    return radius * std::cos(2.0 * M_PI * u2);
  }

 private:
  std::mt19937_64 bits_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

enum Factor { none, small_cap, biotech, banks, tech, defensive, n_factors };

struct Security {
  const char* ticker;
  const char* group;
  double beta;
  Factor factor;
  double loading;
  double sd;          // idiosyncratic daily volatility
  double gamma;       // abnormal return per one-standard-deviation hot CPI surprise
  double price0;
  double story_week;  // total return over 2026-02-09..13
};

// clang-format off
const std::vector<Security> securities = {
  {"RUT",   "small-caps",     1.15, small_cap, 1.0, 0.0040, -0.0120, 1761.0,  0.180},
  {"IWM",   "small-caps",     1.15, small_cap, 1.0, 0.0040, -0.0120,  174.5,  0.178},
  {"XBI",   "biotech",        1.10, biotech,   1.0, 0.0120, -0.0100,   83.9,  0.140},
  {"VKTX",  "biotech",        1.30, biotech,   1.6, 0.0400, -0.0200,    7.1,  0.220},
  {"IBB",   "biotech",        0.90, biotech,   0.6, 0.0060, -0.0050,  140.2,  0.060},
  {"SRPT",  "biotech",        1.00, biotech,   1.2, 0.0280, -0.0100,  118.3,  0.090},
  {"EXEL",  "biotech",        0.80, biotech,   0.8, 0.0180, -0.0060,   16.9,  0.050},
  {"KEY",   "regional-banks", 1.20, banks,     1.2, 0.0140, -0.0140,   17.6,  0.120},
  {"WAL",   "regional-banks", 1.40, banks,     1.5, 0.0200, -0.0180,   60.2,  0.150},
  {"ZION",  "regional-banks", 1.20, banks,     1.3, 0.0160, -0.0150,   49.8,  0.110},
  {"CMA",   "regional-banks", 1.20, banks,     1.3, 0.0160, -0.0140,   68.1,  0.100},
  {"HBAN",  "regional-banks", 1.10, banks,     1.0, 0.0120, -0.0120,   14.2,  0.090},
  {"KRE",   "regional-banks", 1.10, banks,     1.0, 0.0050, -0.0120,   62.4,  0.110},
  {"NVDA",  "mega-cap-tech",  1.60, tech,      1.4, 0.0250,  0.0000,  143.2,  0.003},
  {"MSFT",  "mega-cap-tech",  1.10, tech,      0.8, 0.0120,  0.0000,  239.6, -0.002},
  {"AAPL",  "mega-cap-tech",  1.10, tech,      0.7, 0.0110,  0.0000,  125.1,  0.010},
  {"AMZN",  "mega-cap-tech",  1.30, tech,      1.0, 0.0170,  0.0000,   85.8,  0.008},
  {"GOOGL", "mega-cap-tech",  1.15, tech,      0.9, 0.0150,  0.0000,   89.1,  0.005},
  {"META",  "mega-cap-tech",  1.30, tech,      1.1, 0.0200,  0.0000,  124.7,  0.012},
  {"QQQ",   "mega-cap-tech",  1.15, tech,      0.6, 0.0030, -0.0020,  263.0,  0.006},
  {"XLP",   "defensive",      0.55, defensive, 1.0, 0.0040,  0.0020,   74.3, -0.030},
  {"PG",    "defensive",      0.50, defensive, 1.0, 0.0090,  0.0020,  151.0, -0.035},
  {"KO",    "defensive",      0.55, defensive, 0.9, 0.0080,  0.0020,   63.4, -0.030},
  {"CRM",   "defensive",      1.20, tech,      0.6, 0.0180,  0.0000,  133.5, -0.060},
  {"NOW",   "defensive",      1.25, tech,      0.7, 0.0180,  0.0000,  390.2, -0.070},
};
// clang-format on
constexpr double spx_price0 = 3853.0;
constexpr double spx_gamma = -0.0040;
constexpr double spx_story_week = 0.015;
const double factor_sd[n_factors] = {0.0, 0.0060, 0.0100, 0.0080, 0.0070, 0.0040};

struct Release {
  Date date;
  std::string period;  // reference month
  double actual, consensus, previous;
};

double round1(double x) { return std::round(x * 10.0) / 10.0; }

/// Monthly CPI (y/y %, released the second Wednesday at 08:30 New York): consensus drifts
/// from 6.4% toward 2.8%; actual = consensus + a surprise of a tenth or two. Forced:
/// 2026-02-11, 2.5% actual against 2.9% consensus.
std::vector<Release> cpi_releases(Normal& normal) {
  std::vector<Release> out;
  double previous = 6.5;
  int k = 0;
  for (int year = 2023; year <= 2026; ++year)
    for (int month = 1; month <= 12; ++month) {
      if (year == 2026 && month > 3) break;
      Date first = from_ymd(year, month, 1);
      const int to_wednesday = (2 - evstudy::weekday(first) + 7) % 7;
      const Date date{first.days + to_wednesday + 7};
      const double target = k < 18 ? 6.4 - (6.4 - 3.0) * k / 18.0 : 2.9 - 0.1 * std::sin(k);
      double consensus = round1(previous + 0.5 * (target - previous) + 0.05 * normal());
      double actual = round1(consensus + round1(0.12 * normal()));
      if (date == from_ymd(2026, 2, 11)) {
        consensus = 2.9;
        actual = 2.5;
      }
      char period[16];
      std::snprintf(period, sizeof period, "%04d-%02d", month == 1 ? year - 1 : year, month == 1 ? 12 : month - 1);
      out.push_back({date, period, actual, consensus, previous});
      previous = actual;
      ++k;
    }
  return out;
}

std::string fixed(double x, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, x);
  return buffer;
}

struct Paths {
  std::vector<double> spx;
  std::vector<std::vector<double>> close;  // per security; NaN = no trade
  std::vector<double> market;              // SPX's daily return
  std::vector<std::vector<double>> factor; // per day: the sector factors' draws
};

Paths simulate(const std::vector<Date>& days, const std::map<std::int32_t, double>& z_by_day, Normal& normal) {
  const std::size_t n = days.size();
  Paths p{std::vector<double>(n), std::vector<std::vector<double>>(securities.size(), std::vector<double>(n)), {}, {}};
  std::vector<double> price(securities.size());
  for (std::size_t i = 0; i < securities.size(); ++i) price[i] = securities[i].price0;
  double spx = spx_price0;
  const Date story_first = from_ymd(2026, 2, 9);
  const double story_weights[5] = {0.04, 0.06, 0.55, 0.22, 0.13};  // Mon..Fri, CPI on Wednesday
  double rut_return = 0.0;
  for (std::size_t t = 0; t < n; ++t) {
    const auto z_it = z_by_day.find(days[t].days);
    const double z = z_it == z_by_day.end() ? 0.0 : z_it->second;
    const double m = 0.0004 + 0.009 * normal() + spx_gamma * z;
    double f[n_factors];
    for (int k = 0; k < n_factors; ++k) f[k] = factor_sd[k] * normal();
    const int story_day = days[t].days - story_first.days;
    const bool story = story_day >= 0 && story_day < 5;
    auto scripted = [&](double total) { return std::exp(story_weights[story_day] * std::log1p(total)) - 1.0; };
    const double m_used = story ? scripted(spx_story_week) + 0.001 * normal() : m;
    p.market.push_back(t == 0 ? 0.0 : m_used);
    p.factor.emplace_back(f, f + n_factors);
    for (std::size_t i = 0; i < securities.size(); ++i) {
      const Security& s = securities[i];
      double r = 0.0001 + s.beta * m_used + s.loading * f[s.factor] + s.gamma * z + s.sd * normal();
      if (story) r = scripted(s.story_week) + 0.002 * normal();
      if (std::string(s.ticker) == "RUT") rut_return = r;
      if (std::string(s.ticker) == "IWM") r = rut_return + 0.0008 * normal();  // IWM tracks the index
      price[i] *= 1.0 + r;
      p.close[i][t] = price[i];
    }
    spx *= 1.0 + m_used;
    p.spx[t] = spx;
    if (t == 0) {  // the first day is the starting level
      spx = spx_price0;
      p.spx[t] = spx;
      for (std::size_t i = 0; i < securities.size(); ++i) p.close[i][t] = price[i] = securities[i].price0;
    }
  }
  // A two-day trading halt in SRPT (mid-2025): missing closes, as vendors leave them.
  for (std::size_t t = 0; t < n; ++t)
    if (days[t] == from_ymd(2025, 6, 16) || days[t] == from_ymd(2025, 6, 17))
      for (std::size_t i = 0; i < securities.size(); ++i)
        if (std::string(securities[i].ticker) == "SRPT") p.close[i][t] = std::nan("");
  return p;
}

void write_long(const std::filesystem::path& path, const std::vector<Date>& days, const Paths& p) {
  std::ofstream out(path, std::ios::binary);
  out << "date,ticker,close\n";
  for (std::size_t t = 0; t < days.size(); ++t) out << format_date(days[t]) << ",SPX," << fixed(p.spx[t], 2) << '\n';
  for (std::size_t i = 0; i < securities.size(); ++i)
    for (std::size_t t = 0; t < days.size(); ++t)
      out << format_date(days[t]) << ',' << securities[i].ticker << ','
          << (std::isnan(p.close[i][t]) ? "" : fixed(p.close[i][t], 4)) << '\n';
}

/// yfinance-style files (Date,Open,High,Low,Close,Adj Close,Volume) for a few tickers.
void write_yahoo(const std::filesystem::path& dir, const std::string& ticker, const std::vector<Date>& days,
                 const std::vector<double>& close, int decimals, Normal& normal) {
  std::ofstream out(dir / (ticker + ".csv"), std::ios::binary);
  out << "Date,Open,High,Low,Close,Adj Close,Volume\n";
  double previous = close.front();
  for (std::size_t t = 0; t < days.size(); ++t) {
    const double c = std::stod(fixed(close[t], decimals));
    const double open = previous * (1.0 + 0.003 * normal());
    const double high = std::max(open, c) * (1.0 + 0.004 * std::abs(normal()));
    const double low = std::min(open, c) * (1.0 - 0.004 * std::abs(normal()));
    const auto volume = static_cast<long long>(2.0e6 * std::exp(0.3 * normal()));
    out << format_date(days[t]) << ',' << fixed(open, decimals) << ',' << fixed(high, decimals) << ','
        << fixed(low, decimals) << ',' << fixed(c, decimals) << ',' << fixed(c, decimals) << ',' << volume << '\n';
    previous = c;
  }
}

/// Ken French-style daily factor files (prose, a header starting with a comma, YYYYMMDD, percent
/// with two decimals, a copyright line): Mkt-RF from SPX, SMB from the small-cap factor, HML from
/// the bank factor, RMW and CMA from the defensive and tech factors, Mom against tech; RF 4.5% a
/// year. Noise from its own stream, so the prices do not depend on these files.
void write_factors(const std::filesystem::path& dir, const std::vector<Date>& days, const Paths& p) {
  Normal noise(19930101);
  std::ofstream ff5(dir / "F-F_Research_Data_5_Factors_2x3_daily.csv", std::ios::binary);
  std::ofstream mom(dir / "F-F_Momentum_Factor_daily.csv", std::ios::binary);
  ff5 << "This file was created by evstudy_samples (synthetic factors in Ken French's daily format).\n"
         "Values are daily returns in percent.\n\n"
         ",Mkt-RF,SMB,HML,RMW,CMA,RF\n";
  mom << "This file was created by evstudy_samples (synthetic momentum factor in Ken French's daily format).\n\n"
         ",Mom   \n";
  const double rf = 0.045 / 252.0;
  for (std::size_t t = 1; t < days.size(); ++t) {
    const auto& f = p.factor[t];
    char date[16];
    const auto ymd = evstudy::to_ymd(days[t]);
    std::snprintf(date, sizeof date, "%04d%02d%02d", ymd.year, ymd.month, ymd.day);
    const double smb = f[small_cap] + 0.002 * noise();
    const double hml = 0.6 * f[banks] + 0.003 * noise();
    const double rmw = 0.5 * f[defensive] + 0.002 * noise();
    const double cma = -0.3 * f[tech] + 0.002 * noise();
    const double umd = -0.4 * f[tech] + 0.004 * noise();
    ff5 << date << ',' << fixed(100.0 * (p.market[t] - rf), 2) << ',' << fixed(100.0 * smb, 2) << ',' << fixed(100.0 * hml, 2)
        << ',' << fixed(100.0 * rmw, 2) << ',' << fixed(100.0 * cma, 2) << ',' << fixed(100.0 * rf, 3) << '\n';
    mom << date << ',' << fixed(100.0 * umd, 2) << '\n';
  }
  ff5 << "\nCopyright synthetic data, evstudy samples\n";
  mom << "\nCopyright synthetic data, evstudy samples\n";
}

void write_cpi(const std::filesystem::path& path, const std::vector<Release>& releases) {
  std::ofstream out(path, std::ios::binary);
  out << "event,time,zone,period,actual,consensus,previous,unit\n";
  for (const Release& r : releases)
    out << "cpi-" << format_date(r.date) << ',' << format_date(r.date) << " 08:30,America/New_York," << r.period << ','
        << fixed(r.actual, 1) << ',' << fixed(r.consensus, 1) << ',' << fixed(r.previous, 1) << ",pct_yoy\n";
}

void write_spec(const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary);
  out << "{\n"
         "  \"description\": \"US CPI, 2026-02-11 08:30 New York: 2.5% y/y actual vs 2.9% consensus. Market model on SPX.\",\n"
         "  \"prices\": [\"prices/daily.csv\"],\n"
         "  \"event\": [\"cpi-2026-02-11=2026-02-11 08:30 America/New_York\"],\n"
         "  \"market\": \"SPX\",\n"
         "  \"model\": \"market\",\n"
         "  \"estimation\": \"-260:-11\",\n"
         "  \"window\": \"-5:5\",\n"
         "  \"car\": [\"0:0\", \"-1:1\", \"0:4\"],\n"
         "  \"group\": {\n";
  const char* groups[] = {"small-caps", "biotech", "regional-banks", "mega-cap-tech", "defensive"};
  for (std::size_t g = 0; g < 5; ++g) {
    out << "    \"" << groups[g] << "\": [";
    bool first = true;
    for (const Security& s : securities)
      if (std::string(s.group) == groups[g]) {
        out << (first ? "" : ", ") << '"' << s.ticker << '"';
        first = false;
      }
    out << "]" << (g < 4 ? "," : "") << "\n";
  }
  out << "  }\n}\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: evstudy_samples OUTDIR\n", stderr);
    return 64;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir / "prices" / "yahoo");
  std::filesystem::create_directories(dir / "events");
  std::filesystem::create_directories(dir / "factors");
  Normal normal(20260211);

  const std::vector<Date> days = evstudy::samples::nyse_trading_days(from_ymd(2023, 1, 3), from_ymd(2026, 3, 31));
  const std::vector<Release> releases = cpi_releases(normal);
  // Standardized surprise: surprise over the sample standard deviation of all surprises.
  double mean = 0.0;
  for (const Release& r : releases) mean += r.actual - r.consensus;
  mean /= static_cast<double>(releases.size());
  double ss = 0.0;
  for (const Release& r : releases) ss += (r.actual - r.consensus - mean) * (r.actual - r.consensus - mean);
  const double sd = std::sqrt(ss / static_cast<double>(releases.size() - 1));
  std::map<std::int32_t, double> z_by_day;
  for (const Release& r : releases) z_by_day[r.date.days] = (r.actual - r.consensus) / sd;

  const Paths paths = simulate(days, z_by_day, normal);
  write_long(dir / "prices" / "daily.csv", days, paths);
  write_yahoo(dir / "prices" / "yahoo", "SPX", days, paths.spx, 2, normal);
  for (std::size_t i = 0; i < securities.size(); ++i) {
    const std::string t = securities[i].ticker;
    if (t == "RUT" || t == "IWM" || t == "XBI" || t == "KEY" || t == "WAL" || t == "NVDA" || t == "MSFT")
      write_yahoo(dir / "prices" / "yahoo", t, days, paths.close[i], 4, normal);
  }
  write_cpi(dir / "events" / "cpi.csv", releases);
  write_factors(dir / "factors", days, paths);
  write_spec(dir / "cpi-2026-02-11.json");
  std::fprintf(stderr, "evstudy_samples: %zu trading days, %zu securities + SPX, %zu CPI releases -> %s\n", days.size(),
               securities.size(), releases.size(), dir.c_str());
  return 0;
}
