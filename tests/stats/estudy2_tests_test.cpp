// --compat estudy2: every test against an independent reference implementation of
// methods-estudy2.md (tests/stats/reference/estudy2_reference.py, numpy/scipy), on the data of
// event_tests_test.cpp: a missing estimation return (the market-present-days quirk of Patell's
// C) and a missing event-day return (N-scaled sums; the 90% CAR-day threshold). Also the
// invariants the issue names.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "evstudy/io/tz_database.hpp"
#include "evstudy/stats/estudy2_tests.hpp"
#include "evstudy/study/study.hpp"
#include "support/reference_study.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using evstudy::missing;

using evstudy::test::reference_panel;
using Expected = evstudy::test::ExpectedTest;

namespace {

// clang-format off
const std::vector<Expected> expected = {
    {"-2", "bw1980", -0.4266691639567039, 0.6781040211681941, 3},
    {"-2", "bw-cda", -0.45296555215815576, 0.6596483082403062, 3},
    {"-2", "t", -0.18428392566523197, 0.8707840303605341, 3},
    {"-2", "patell", -0.5763478096780217, 0.5643801133454179, 3},
    {"-2", "bmp", -0.3206422019896008, 0.7788838221297838, 3},
    {"-2", "lamb", -0.43427217853989064, 0.6640908044863059, 3},
    {"-2", "sign", -0.5773502691896258, 0.5637028616507731, 3},
    {"-2", "gsign", -0.4304730160461392, 0.666851591455905, 3},
    {"-2", "cz-sign", -0.4730161648796402, 0.6362016465383997, 3},
    {"-2", "corrado", -0.4705689623325253, 0.637948576424588, 3},
    {"-2", "cz-rank", -0.47895944571169996, 0.631967479501891, 3},
    {"-2", "wilcoxon", 2.0, 0.75, 3},
    {"-1", "bw1980", 2.4273623353851863, 0.034201879029610714, 3},
    {"-1", "bw-cda", 2.5769650432184363, 0.026297086096801175, 3},
    {"-1", "t", 1.187482900749317, 0.3569528593702287, 3},
    {"-1", "patell", 2.8871868274014307, 0.0038870334777474464, 3},
    {"-1", "bmp", 1.2546172520593935, 0.3363638038687322, 3},
    {"-1", "lamb", 2.4711399670476717, 0.01346830928095645, 3},
    {"-1", "sign", 0.5773502691896258, 0.5637028616507731, 3},
    {"-1", "gsign", 0.728492796385774, 0.46631197673878855, 3},
    {"-1", "cz-sign", 0.4730161648796402, 0.6362016465383997, 3},
    {"-1", "corrado", 0.9411379246650506, 0.3466341828400108, 3},
    {"-1", "cz-rank", 1.010487611074684, 0.31226173203224006, 3},
    {"-1", "wilcoxon", 5.0, 0.5, 3},
    {"0", "bw1980", 3.7799361867051795, 0.0032153600879912215, 3},
    {"0", "bw-cda", 4.01290045443089, 0.002168761474099096, 3},
    {"0", "t", 2.881584781722039, 0.10228524392002813, 3},
    {"0", "patell", 3.1475969992797994, 0.0016461847769923361, 3},
    {"0", "bmp", 4.984587164510084, 0.03797021419692038, 3},
    {"0", "lamb", 3.8250408682432497, 0.00013075039485308204, 3},
    {"0", "sign", 1.7320508075688774, 0.0832645166635504, 3},
    {"0", "gsign", 1.8874586088176872, 0.05909866851003082, 3},
    {"0", "cz-sign", 1.4190484946389206, 0.15588487833516898, 3},
    {"0", "corrado", 1.788162056863596, 0.0737498659366262, 3},
    {"0", "cz-rank", 1.9684065024980844, 0.049021284322404435, 3},
    {"0", "wilcoxon", 6.0, 0.25, 3},
    {"1", "bw1980", 3.31809008615529, 0.007135450811464547, 2},
    {"1", "bw-cda", 3.522589947789965, 0.005001434518136414, 2},
    {"1", "t", 1.8913502012249919, 0.30962699847515196, 2},
    {"1", "patell", 3.090883138292846, 0.0019956215839894, 2},
    {"1", "bmp", 2.732701464510484, 0.22332784237869108, 2},
    {"1", "lamb", 3.3482775081668446, 0.0008131554318309691, 2},
    {"1", "sign", 2.82842712474619, 0.004677734981047266, 2},
    {"1", "gsign", 2.9605409356364163, 0.0030709930717026787, 2},
    {"1", "cz-sign", 1.7379723660649724, 0.08221568309986206, 2},
    {"1", "corrado", 2.646950413120455, 0.008122126184894824, 2},
    {"1", "cz-rank", 2.328528257351925, 0.019884070584530747, 2},
    {"1", "wilcoxon", 4.5, 0.5, 2},
    {"2", "bw1980", 0.6723877666286258, 0.5156375538187825, 3},
    {"2", "bw-cda", 0.7138282343887187, 0.4906579806270227, 3},
    {"2", "t", 0.3753420793024176, 0.7434742754160862, 3},
    {"2", "patell", 0.6137264143297243, 0.5393961304574753, 3},
    {"2", "bmp", 0.41886481749913806, 0.7160122829912288, 3},
    {"2", "lamb", 0.6828430247168424, 0.4947060393728918, 3},
    {"2", "sign", 0.5773502691896258, 0.5637028616507731, 3},
    {"2", "gsign", 0.728492796385774, 0.46631197673878855, 3},
    {"2", "cz-sign", 0.4730161648796402, 0.6362016465383997, 3},
    {"2", "corrado", 0.09411379246650506, 0.9250187642086771, 3},
    {"2", "cz-rank", 0.14602422125356707, 0.8839022675770192, 3},
    {"2", "wilcoxon", 4.0, 0.75, 3},
    {"-1:1", "bw-cda", 4.659738580495102, 3.166112300975074e-06, 3},
    {"-1:1", "lamb", 4.452072164210992, 8.50455725327813e-06, 3},
    {"-1:1", "corrado", 2.005192242798803, 0.0449424990576565, 3},
    {"0:0", "bw-cda", 4.01290045443089, 5.997721055774342e-05, 3},
    {"0:0", "lamb", 3.8250408682432497, 0.00013075039485308204, 3},
    {"0:0", "corrado", 2.2243274740067465, 0.02612641952968869, 3},
    {"-2:2", "bw-cda", 3.425364089939945, 0.0006139760314945262, 3},
    {"-2:2", "lamb", 3.272375840733936, 0.0010664770232545646, 3},
    {"-2:2", "corrado", 1.3613834150272321, 0.17339255450051072, 3},
};
// clang-format on

evstudy::StudySpec spec(evstudy::Conventions conventions) { return evstudy::test::reference_spec(conventions); }

const evstudy::TestRow* find(const std::vector<evstudy::TestRow>& rows, const std::string& scope, const std::string& test) {
  for (const auto& r : rows)
    if (r.scope == scope && r.test == test) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("estudy2 mode: every test matches the independent reference", "[stats]") {
  const evstudy::StudyResult result = evstudy::run_study(spec(evstudy::Conventions::estudy2), reference_panel());
  const auto& tests = result.events[0].groups[0].tests;
  REQUIRE(tests.size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    INFO("scope " << expected[k].scope << ", test " << expected[k].test);
    CHECK(tests[k].scope == expected[k].scope);
    CHECK(tests[k].test == expected[k].test);
    CHECK(tests[k].n == expected[k].n);
    CHECK_THAT(tests[k].statistic, WithinRel(expected[k].statistic, 1e-10) || WithinAbs(expected[k].statistic, 1e-13));
    CHECK_THAT(tests[k].p_value, WithinRel(expected[k].p_value, 1e-9) || WithinAbs(expected[k].p_value, 1e-14));
  }
}

TEST_CASE("estudy2 mode: no test when the estimation window reaches into the event window", "[stats]") {
  evstudy::StudySpec s = spec(evstudy::Conventions::estudy2);
  s.estimation.offsets = {-15, -2};  // ends on the event window's first day
  const evstudy::StudyResult result = evstudy::run_study(s, reference_panel());
  const auto& tests = result.events[0].groups[0].tests;
  CHECK(std::isnan(find(tests, "0", "corrado")->statistic));
  CHECK(std::isnan(find(tests, "0", "sign")->statistic));
  CHECK(std::isnan(find(tests, "-2:2", "corrado")->statistic));       // car_rank_test: est_end >= car_start
  CHECK_FALSE(std::isnan(find(tests, "0:0", "corrado")->statistic));  // ends before this CAR window
  CHECK_FALSE(std::isnan(find(tests, "0", "wilcoxon")->statistic));  // Wilcoxon only warns in estudy2
  CHECK_FALSE(std::isnan(find(tests, "0", "patell")->statistic));
}

TEST_CASE("zero abnormal returns give zero statistics in both modes", "[stats]") {
  // The event days' returns are set to the fitted normal returns, so their ARs are zero (up to
  // rounding); the estimation days keep their noise, so the variances stay positive.
  evstudy::Panel p = reference_panel();
  for (auto& r : p.returns)
    for (std::size_t t = 14; t < 19; ++t) r[t] = missing;
  const evstudy::StudyResult fitted = evstudy::run_study(spec(evstudy::Conventions::methods), reference_panel());
  for (std::size_t i = 0; i < 3; ++i) {
    const evstudy::Fit& fit = fitted.events[0].securities[i].fit;
    for (std::size_t t = 14; t < 19; ++t) p.returns[i][t] = fit.alpha + fit.beta * p.market[t];
  }
  for (const auto conventions : {evstudy::Conventions::methods, evstudy::Conventions::estudy2}) {
    const evstudy::StudyResult result = evstudy::run_study(spec(conventions), p);
    // Statistics scaled by the estimation-window variance are zero. BMP and t divide a
    // cross-sectional mean by a cross-sectional sd, both zero up to rounding: undefined, left out.
    for (const char* test : {"bw1980", "bw-cda", "patell"}) {
      const evstudy::TestRow* row = find(result.events[0].groups[0].tests, "0", test);
      REQUIRE(row != nullptr);
      INFO(test);
      CHECK_THAT(row->statistic, WithinAbs(0.0, 1e-12));
    }
    CHECK_THAT(find(result.events[0].groups[0].tests, "-1:1", "bw-cda")->statistic, WithinAbs(0.0, 1e-12));
  }
}

TEST_CASE("scaling every return leaves the standardized tests unchanged", "[stats]") {
  evstudy::Panel scaled = reference_panel();
  for (auto& r : scaled.returns)
    for (double& x : r) x *= 3.0;
  for (double& x : scaled.market) x *= 3.0;
  for (const auto conventions : {evstudy::Conventions::methods, evstudy::Conventions::estudy2}) {
    const auto a = evstudy::run_study(spec(conventions), reference_panel()).events[0].groups[0].tests;
    const auto b = evstudy::run_study(spec(conventions), scaled).events[0].groups[0].tests;
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      INFO(a[k].scope << " " << a[k].test);
      if (std::isnan(a[k].statistic)) continue;
      CHECK_THAT(b[k].statistic, WithinRel(a[k].statistic, 1e-9) || WithinAbs(a[k].statistic, 1e-12));
    }
  }
}

TEST_CASE("the two modes agree where their conventions coincide", "[stats]") {
  const auto d = evstudy::run_study(spec(evstudy::Conventions::methods), reference_panel()).events[0].groups[0].tests;
  const auto e = evstudy::run_study(spec(evstudy::Conventions::estudy2), reference_panel()).events[0].groups[0].tests;
  // Cross-sectional t and the BW CDA statistic are the same formulas in both.
  for (const char* scope : {"-2", "-1", "0", "1", "2"}) {
    INFO(scope);
    CHECK_THAT(find(e, scope, "t")->statistic, WithinRel(find(d, scope, "t")->statistic, 1e-12));
    CHECK_THAT(find(e, scope, "bw-cda")->statistic, WithinRel(find(d, scope, "bw-cda")->statistic, 1e-12));
  }
  // The sign test's N-scaled sum equals the plain count on a day where no security is missing.
  CHECK_THAT(find(e, "0", "sign")->statistic, WithinRel(find(d, "0", "sign")->statistic, 1e-12));
  CHECK(find(e, "1", "sign")->statistic != find(d, "1", "sign")->statistic);  // CCC missing: N/n_t scaling
  // Wilcoxon's W+ is the same when nothing is missing.
  CHECK(find(e, "0", "wilcoxon")->statistic == find(d, "0", "wilcoxon")->statistic);
}
