#include <catch2/catch.hpp>
#include <cmath>

#include "evstudy/core/error.hpp"
#include "evstudy/output/golden.hpp"

namespace {

evstudy::ReportTable car_table(double iwm, double key) {
  evstudy::ReportTable t{"car", {"event", "ticker", "window", "car", "scar", "bhar"}, {}};
  t.rows.push_back({std::string("e"), std::string("IWM"), std::string("0:4"), iwm, 1.5, evstudy::Cell{}});
  t.rows.push_back({std::string("e"), std::string("KEY"), std::string("0:4"), key, 2.5, 0.01});
  return t;
}

}  // namespace

TEST_CASE("a golden file round-trips every cell, missing ones included", "[output]") {
  const evstudy::ReportTable t = car_table(0.1362378518030649, -3e-17);
  const std::string text = evstudy::write_golden(R"({"market": "SPX"})", {t});
  const evstudy::Golden g = evstudy::read_golden(text, "g.json");
  CHECK(g.spec_json == R"({"market":"SPX"})");
  REQUIRE(g.tables.size() == 1);
  CHECK(g.tables[0].columns == t.columns);
  CHECK(g.tables[0].rows == t.rows);
  CHECK(evstudy::compare_reports(g.tables, {t}, 0.0, 0.0).empty());
}

TEST_CASE("numbers beyond atol + rtol |expected| are drift, within are not", "[output]") {
  const auto golden = car_table(0.10, 0.20);
  CHECK(evstudy::compare_reports({golden}, {car_table(0.10 + 1e-12, 0.20)}, 1e-9, 0.0).empty());
  const auto drifts = evstudy::compare_reports({golden}, {car_table(0.10 + 1e-6, 0.20)}, 1e-9, 0.0);
  REQUIRE(drifts.size() == 1);
  CHECK(drifts[0].report == "car");
  CHECK(drifts[0].row == "e,IWM,0:4");
  CHECK(drifts[0].column == "car");
  CHECK(drifts[0].expected == "0.1");
  CHECK_THAT(drifts[0].difference, Catch::Matchers::WithinAbs(1e-6, 1e-15));
  CHECK(evstudy::compare_reports({golden}, {car_table(0.10 + 1e-6, 0.20)}, 0.0, 1e-5).empty());
  // Both tolerances 0: bit-exact.
  CHECK(evstudy::compare_reports({golden}, {car_table(std::nextafter(0.10, 1.0), 0.20)}, 0.0, 0.0).size() == 1);
}

TEST_CASE("missing and extra rows, and a value that became missing, are drift", "[output]") {
  const auto golden = car_table(0.10, 0.20);
  auto fewer = golden;
  fewer.rows.pop_back();
  auto drifts = evstudy::compare_reports({golden}, {fewer}, 1e-9, 0.0);
  REQUIRE(drifts.size() == 1);
  CHECK(drifts[0].row == "e,KEY,0:4");
  CHECK(drifts[0].got == "(missing)");
  drifts = evstudy::compare_reports({fewer}, {golden}, 1e-9, 0.0);
  REQUIRE(drifts.size() == 1);
  CHECK(drifts[0].expected == "(missing)");
  auto gap = golden;
  gap.rows[1][5] = evstudy::Cell{};
  drifts = evstudy::compare_reports({golden}, {gap}, 1e-9, 0.0);
  REQUIRE(drifts.size() == 1);
  CHECK(drifts[0].column == "bhar");
  CHECK(drifts[0].got == "(missing)");
}

TEST_CASE("a malformed golden file names what is wrong", "[output]") {
  CHECK_THROWS_WITH(evstudy::read_golden("{", "g.json"), "g.json: invalid JSON at byte 2, expected an evstudy golden file");
  CHECK_THROWS_WITH(evstudy::read_golden("{}", "g.json"),
                    "g.json: /evstudy_golden: missing, expected an evstudy golden file (written by evstudy run --save-golden)");
  CHECK_THROWS_WITH(evstudy::read_golden(R"({"evstudy_golden": 1, "spec": {}, "reports": {"car": {"columns": ["x"], "rows": [{}]}}})", "g.json"),
                    "g.json: /reports/car/rows/0: no field 'x'");
  CHECK_THROWS_WITH(evstudy::read_golden(R"({"evstudy_golden": 1, "spec": {}, "reports": {"cars": {}}})", "g.json"),
                    "g.json: /reports/cars: unknown report");
}
