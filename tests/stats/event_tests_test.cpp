// The default-mode test statistics against an independent reference implementation
// (tests/stats/reference/event_tests_reference.py, written from methods.md with numpy/scipy and
// sharing no code with evstudy): three securities, a 12-day estimation window, a missing
// estimation return (BBB) and a missing event-window return (CCC, day +1).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "evstudy/io/tz_database.hpp"
#include "evstudy/stats/event_tests.hpp"
#include "evstudy/study/study.hpp"
#include "support/reference_study.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using evstudy::missing;

using evstudy::test::reference_panel;
using evstudy::test::reference_spec;
using Expected = evstudy::test::ExpectedTest;

namespace {

// clang-format off
const std::vector<Expected> expected = {
    {"-2", "t", -0.18428392566523194, 0.8707840303605341, 3},
    {"-2", "bw1980", -0.4266691639567039, 0.6696203134136554, 3},
    {"-2", "bw-cda", -0.45296555215815576, 0.6593776634751354, 3},
    {"-2", "patell", -0.5487337137803462, 0.5831882060172737, 3},
    {"-2", "kp-patell", -0.6213915561241219, 0.5343420264202074, 3},
    {"-2", "bmp", -0.3201736989752531, 0.7791911404230918, 3},
    {"-2", "kp-bmp", -0.3820047511510355, 0.7392278373883514, 3},
    {"-2", "corrado", -0.5461339995952628, 0.5849738302183616, 3},
    {"-2", "cz-sign", -0.5413902920037097, 0.5882385971412891, 3},
    {"-2", "sign", -0.5773502691896258, 0.5637028616507731, 3},
    {"-2", "gsign", -0.4302275228808276, 0.6670301429559153, 3},
    {"-2", "wilcoxon", 2.0, 0.75, 3},
    {"-1", "t", 1.1874829007493168, 0.3569528593702287, 3},
    {"-1", "bw1980", 2.4273623353851863, 0.015209057689158197, 3},
    {"-1", "bw-cda", 2.5769650432184363, 0.02572908867005214, 3},
    {"-1", "patell", 2.740091752948405, 0.006142203489628177, 3},
    {"-1", "kp-patell", 3.102907358393233, 0.0019162961708205895, 3},
    {"-1", "bmp", 1.255261035230756, 0.3361733109516274, 3},
    {"-1", "kp-bmp", 1.4976735469766957, 0.27292483621973385, 3},
    {"-1", "corrado", 1.1522095357314692, 0.24923498014581846, 3},
    {"-1", "cz-sign", 0.5413902920037097, 0.5882385971412891, 3},
    {"-1", "sign", 0.5773502691896258, 0.5637028616507731, 3},
    {"-1", "gsign", 0.7287527428389532, 0.4661529235389671, 3},
    {"-1", "wilcoxon", 5.0, 0.5, 3},
    {"0", "t", 2.881584781722039, 0.10228524392002813, 3},
    {"0", "bw1980", 3.7799361867051795, 0.0001568685579266367, 3},
    {"0", "bw-cda", 4.01290045443089, 0.002040706058185977, 3},
    {"0", "patell", 2.995151193177938, 0.002743088358451766, 3},
    {"0", "kp-patell", 3.3917392243569484, 0.0006945050588897708, 3},
    {"0", "bmp", 4.955336676575863, 0.03839423757528293, 3},
    {"0", "kp-bmp", 5.912297481222131, 0.027436116522871517, 3},
    {"0", "corrado", 2.244477534921995, 0.024801692761792407, 3},
    {"0", "cz-sign", 1.624170876011129, 0.10433934474529967, 3},
    {"0", "sign", 1.7320508075688774, 0.0832645166635504, 3},
    {"0", "gsign", 1.887733008558734, 0.0590618026603709, 3},
    {"0", "wilcoxon", 6.0, 0.25, 3},
    {"1", "t", 1.8913502012249916, 0.30962699847515196, 2},
    {"1", "bw1980", 3.1394481133554564, 0.0016926638742879997, 2},
    {"1", "bw-cda", 3.522589947789965, 0.004776654247824654, 2},
    {"1", "patell", 2.3949089127311805, 0.016624494636731338, 2},
    {"1", "kp-patell", 2.538729011549762, 0.011125596150057615, 2},
    {"1", "bmp", 2.708699703970523, 0.22514643684947366, 2},
    {"1", "kp-bmp", 3.0252941896807073, 0.20323461710856708, 2},
    {"1", "corrado", 1.7700711570246548, 0.07671528768161383, 2},
    {"1", "cz-sign", 1.3261299671054763, 0.18479665152969427, 2},
    {"1", "sign", 1.414213562373095, 0.15729920705028516, 2},
    {"1", "gsign", 1.6097528840868984, 0.10745181478813799, 2},
    {"1", "wilcoxon", 3.0, 0.5, 2},
    {"2", "t", 0.3753420793024176, 0.7434742754160862, 3},
    {"2", "bw1980", 0.6723877666286258, 0.5013368687435437, 3},
    {"2", "bw-cda", 0.7138282343887187, 0.4902025774970301, 3},
    {"2", "patell", 0.581356992662626, 0.5609998766817641, 3},
    {"2", "kp-patell", 0.6583344840351372, 0.5103232240771957, 3},
    {"2", "bmp", 0.41662202182116864, 0.7174111539289911, 3},
    {"2", "kp-bmp", 0.4970789052293079, 0.6683993698156137, 3},
    {"2", "corrado", 0.16650426816928746, 0.8677601245444372, 3},
    {"2", "cz-sign", 0.5413902920037097, 0.5882385971412891, 3},
    {"2", "sign", 0.5773502691896258, 0.5637028616507731, 3},
    {"2", "gsign", 0.7287527428389532, 0.4661529235389671, 3},
    {"2", "wilcoxon", 4.0, 0.75, 3},
    {"-1:1", "t", 10.357654980374077, 0.061273784369568166, 2},
    {"-1:1", "bw1980", 5.553073534856909, 2.806899254378887e-08, 2},
    {"-1:1", "bw-cda", 6.230776973191743, 6.43146028527628e-05, 2},
    {"-1:1", "patell", 4.666477699921416, 3.064068824320691e-06, 2},
    {"-1:1", "kp-patell", 4.94671102335585, 7.547789717995386e-07, 2},
    {"-1:1", "bmp", 9.993736701071432, 0.06349053797131442, 2},
    {"-1:1", "kp-bmp", 11.161810787158139, 0.0568836586600075, 2},
    {"-1:1", "corrado", 3.169461118443657, 0.0015272189005528984, 2},
    {"-1:1", "cz-sign", 2.2969244804663287, 0.021623078201508182, 2},
    {"-1:1", "sign", 1.414213562373095, 0.15729920705028516, 2},
    {"-1:1", "gsign", 1.6097528840868984, 0.10745181478813799, 2},
    {"-1:1", "wilcoxon", 3.0, 0.5, 2},
    {"0:0", "t", 2.881584781722039, 0.10228524392002813, 3},
    {"0:0", "bw1980", 3.7799361867051795, 0.0001568685579266367, 3},
    {"0:0", "bw-cda", 4.01290045443089, 0.002040706058185977, 3},
    {"0:0", "patell", 2.995151193177938, 0.002743088358451766, 3},
    {"0:0", "kp-patell", 3.3917392243569484, 0.0006945050588897708, 3},
    {"0:0", "bmp", 4.955336676575863, 0.03839423757528293, 3},
    {"0:0", "kp-bmp", 5.912297481222131, 0.027436116522871517, 3},
    {"0:0", "corrado", 2.244477534921995, 0.024801692761792407, 3},
    {"0:0", "cz-sign", 1.624170876011129, 0.10433934474529967, 3},
    {"0:0", "sign", 1.7320508075688774, 0.0832645166635504, 3},
    {"0:0", "gsign", 1.887733008558734, 0.0590618026603709, 3},
    {"0:0", "wilcoxon", 6.0, 0.25, 3},
    {"-2:2", "t", 2.2207473266086604, 0.2693553755289466, 2},
    {"-2:2", "bw1980", 3.011982238115144, 0.002595477837428594, 2},
    {"-2:2", "bw-cda", 3.3795679915112005, 0.0061472647190613915, 2},
    {"-2:2", "patell", 2.8085833889728278, 0.004975999365838195, 2},
    {"-2:2", "kp-patell", 2.977245645142584, 0.0029085087067500866, 2},
    {"-2:2", "bmp", 1.6910014147518255, 0.33998453388157673, 2},
    {"-2:2", "kp-bmp", 1.8886466991123594, 0.3100034350343014, 2},
    {"-2:2", "corrado", 1.59049562433531, 0.11172313115624315, 2},
    {"-2:2", "cz-sign", 1.1861267013789618, 0.23557226723969305, 2},
    {"-2:2", "sign", 1.414213562373095, 0.15729920705028516, 2},
    {"-2:2", "gsign", 1.6097528840868984, 0.10745181478813799, 2},
    {"-2:2", "wilcoxon", 3.0, 0.5, 2},
};
// clang-format on

}  // namespace

evstudy::Panel evstudy::test::reference_panel() {
  evstudy::Panel p;
  for (int k = 0; k < 20; ++k) p.calendar.push_back(evstudy::Date{20000 + k});
  p.tickers = {"AAA", "BBB", "CCC"};
  p.market = {0.005208, 0.008134, 0.009735, -0.016219, 0.006782, -0.003546, 0.00378, -0.015955, -0.013102, -0.008216, 0.010547, 0.001969, -0.005559, 0.003513, -0.00024, -0.000411, 0.002243, 0.00301, 0.000987, -0.002994};
  p.returns = {{0.011498, 0.005374, 0.030017, -0.030149, 0.00991, -0.01082, 0.006249, -0.020529, -0.008401, 0.004561, 0.021738, -0.001082, 0.014129, -0.002572, -0.021237, 0.021777, 0.023502000000000002, 0.037017999999999995, -0.009809, -0.004446},
               {0.003014, -0.003828, 0.010882, -0.014975, -0.010221, 0.005094, missing, -0.018037, -0.018177, -0.005421, 0.005796, -0.003015, -0.012759, -0.000223, -0.006264, 0.026466999999999997, 0.009326, 0.006801, 0.004838, -0.011457},
               {-0.00823, -0.012732, 0.005963, 0.002839, 0.016497, -0.023275, -0.00784, 0.010492, -0.001869, -0.018093, -0.008363, -0.012997, 0.003066, 0.000454, 0.015836, -0.012129000000000001, 0.031432, missing, 0.014306, -0.002886}};
  p.off_calendar = {0, 0, 0};
  return p;
}

evstudy::StudySpec evstudy::test::reference_spec(evstudy::Conventions conventions) {
  evstudy::StudySpec s;
  s.market = "MKT";
  s.estimation.offsets = {-15, -4};
  s.window = {-2, 2};
  s.car_windows = {{-1, 1}, {0, 0}, {-2, 2}};
  s.groups = {{"all", {"AAA", "BBB", "CCC"}}};
  s.exchange = {&evstudy::load_zone("UTC"), 16 * 3600};
  s.conventions = conventions;
  evstudy::EventSpec e;
  e.id = "e";
  e.time = evstudy::EventTime::on_date(evstudy::Date{20016});
  s.events = {e};
  return s;
}

namespace {

evstudy::StudyResult reference_study() { return evstudy::run_study(reference_spec(evstudy::Conventions::methods), reference_panel()); }

}  // namespace

TEST_CASE("every default-mode test matches the independent reference", "[stats]") {
  const evstudy::StudyResult result = reference_study();
  REQUIRE(result.events.size() == 1);
  const evstudy::GroupEvent& group = result.events[0].groups[0];
  CHECK(result.events[0].shared_day0);
  CHECK_THAT(group.rbar, WithinRel(-0.11009159521724371, 1e-12));
  REQUIRE(group.tests.size() == expected.size() + 1);
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const evstudy::TestRow& got = group.tests[k];
    const Expected& want = expected[k];
    INFO("scope " << want.scope << ", test " << want.test);
    CHECK(got.scope == want.scope);
    CHECK(got.test == want.test);
    CHECK(got.n == want.n);
    CHECK_THAT(got.statistic, WithinRel(want.statistic, 1e-9) || WithinAbs(want.statistic, 1e-12));
    CHECK_THAT(got.p_value, WithinRel(want.p_value, 1e-9) || WithinAbs(want.p_value, 1e-14));
  }
  const evstudy::TestRow& last = group.tests.back();
  CHECK(last.test == "rbar");
  CHECK(last.scope == "estimation");
  CHECK(last.n == 3);
  CHECK(std::isnan(last.p_value));
}

namespace {

/// An event of `members` securities with 250 estimation residuals and ARs over `window`
/// each, random, and their CARs over `car_windows`; with `gaps`, about 2% of the residuals and
/// ARs missing (each security its own days).
evstudy::EventResult random_event(std::size_t members, bool gaps, std::uint64_t seed, evstudy::Window window,
                                  const std::vector<evstudy::Window>& car_windows) {
  evstudy::EventResult out;
  out.id = "E01";
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> noise(0.0, 0.02);
  evstudy::GroupEvent group;
  group.name = "all";
  for (std::size_t i = 0; i < members; ++i) {
    evstudy::SecurityEvent se;
    se.ticker = "S";
    se.ticker += std::to_string(i);  // not "S" + ...: GCC 12 warns falsely (-Wrestrict) on that at -O3
    se.fit.n_est = 250;
    se.fit.sigma = 0.02;
    se.fit.df = 248.0;
    for (int d = 0; d < 250; ++d) se.est_residuals.push_back(gaps && uniform(rng) < 0.02 ? missing : noise(rng));
    for (evstudy::i64 k = window.first; k <= window.last; ++k) {
      const double ar = gaps && uniform(rng) < 0.02 ? missing : noise(rng);
      se.ar.push_back(ar);
      se.sar.push_back(ar / 0.02);
    }
    for (const evstudy::Window cw : car_windows) {
      evstudy::CarValue car{0.0, 0.0, 0.0};
      for (evstudy::i64 k = cw.first; k <= cw.last; ++k) {
        const double ar = se.ar[static_cast<std::size_t>(k - window.first)];
        if (std::isnan(ar)) continue;
        car.car += ar;
        car.scar += ar / 0.02;
      }
      car.scar /= std::sqrt(static_cast<double>(cw.length()));
      se.cars.push_back(car);
    }
    out.securities.push_back(std::move(se));
    group.members.push_back(i);
  }
  out.groups.push_back(std::move(group));
  return out;
}

}  // namespace

TEST_CASE("every test is the same with the best and the portable instructions", "[stats]") {
  const evstudy::Window window{-10, 10};
  const std::vector<evstudy::Window> cars{window, evstudy::Window{-1, 1}};
  for (const bool gaps : {false, true}) {
    const evstudy::EventResult event = random_event(37, gaps, gaps ? 11 : 12, window, cars);
    const auto best = evstudy::group_tests(event, event.groups[0], window, cars);
    const auto portable = evstudy::group_tests(event, event.groups[0], window, cars, evstudy::Instructions::portable);
    REQUIRE(best.size() == portable.size());
    REQUIRE(best.size() > 200);
    auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
    std::size_t finite = 0;
    for (std::size_t k = 0; k < best.size(); ++k) {
      INFO("gaps " << gaps << ", scope " << best[k].scope << ", test " << best[k].test);
      CHECK(best[k].scope == portable[k].scope);
      CHECK(best[k].test == portable[k].test);
      CHECK(best[k].n == portable[k].n);
      CHECK(same(best[k].statistic, portable[k].statistic));
      CHECK(same(best[k].p_value, portable[k].p_value));
      if (std::isfinite(best[k].statistic)) ++finite;
    }
    CHECK(finite > best.size() / 2);
  }
}
