#include <catch2/catch.hpp>
#include <sstream>

#include "evstudy/io/run_options.hpp"
#include "evstudy/io/study_loader.hpp"
#include "evstudy/output/plot_writer.hpp"
#include "evstudy/output/report.hpp"
#include "evstudy/study/study.hpp"
#include "support/shared_data.hpp"
#include "support/xml_check.hpp"

namespace {

evstudy::StudyResult sample_result() {
  evstudy::RunOptions o;
  o.prices = {(evstudy::test::source_dir() / "samples/prices/daily.csv").string()};
  o.market = "SPX";
  o.event = {"cpi=2026-02-11 08:30 America/New_York"};
  o.window = "-5:5";
  o.group = {"small-caps=RUT,IWM", "banks=KEY,WAL,ZION"};
  const evstudy::LoadedStudy loaded = evstudy::load_study(o);
  return evstudy::run_study(loaded.spec, loaded.panel);
}

std::string sample_plot(bool securities) {
  std::ostringstream svg;
  evstudy::write_plot_svg(svg, sample_result(), {securities, 6});
  return svg.str();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the xml checker itself rejects broken documents", "[output]") {
  CHECK(evstudy::test::xml_problem("<a><b/></a>").empty());
  CHECK(evstudy::test::xml_problem("<a><b></a>") == "</a> closes <b>");
  CHECK(evstudy::test::xml_problem("<a x=\"1></a>") == "unterminated attribute in <a>");
  CHECK(evstudy::test::xml_problem("<a>&</a>") == "bad entity at 3");
}

TEST_CASE("the plot is well-formed SVG holding one CAAR line and band per group", "[output]") {
  const std::string svg = sample_plot(false);
  CHECK(evstudy::test::xml_problem(svg).empty());
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  CHECK(count(svg, "<polyline class=\"caar\"") == 2);
  CHECK(count(svg, "<polygon class=\"band\"") == 2);
  CHECK(count(svg, "<polyline class=\"car\"") == 0);
  CHECK(count(svg, "class=\"day0\"") == 1);
  CHECK(svg.find(">small-caps (n=2)</text>") != std::string::npos);
  CHECK(svg.find(">banks (n=3)</text>") != std::string::npos);
  CHECK(svg.find(">trading days relative to day 0</text>") != std::string::npos);
  // The CAAR series: 11 points, one per day of -5:5, whose last value is the group's CAAR -5:5.
  auto attribute = [&](std::size_t from, const std::string& name) {
    const std::size_t begin = svg.find(name + "=\"", from) + name.size() + 2;
    return svg.substr(begin, svg.find('"', begin) - begin);
  };
  const std::size_t at = svg.find("class=\"caar\" data-group=\"small-caps\"");
  REQUIRE(at != std::string::npos);
  std::istringstream values(attribute(at, "data-values"));
  std::vector<double> v;
  for (double x; values >> x;) v.push_back(x);
  REQUIRE(v.size() == 11);
  CHECK(count(attribute(at, "points"), ",") == 11);
  // Every security has every AR here, so the path ends at the CAAR of the whole window.
  const evstudy::StudyResult result = sample_result();
  const evstudy::GroupEvent& small_caps = result.events[0].groups[0];
  CHECK(v[10] == small_caps.caar[0].caar);
  CHECK(v[5] == small_caps.path[5].caar);
  CHECK(v[10] > 0.10);  // the seeded rally
}

TEST_CASE("per-security CAR lines are drawn on request", "[output]") {
  const std::string svg = sample_plot(true);
  CHECK(evstudy::test::xml_problem(svg).empty());
  CHECK(count(svg, "<polyline class=\"car\"") == 5);
  CHECK(svg.find("data-ticker=\"WAL\"") != std::string::npos);
}
