#include <catch2/catch.hpp>

#include "evstudy/core/error.hpp"
#include "evstudy/io/run_options.hpp"

TEST_CASE("a spec file holds the options, paths relative to the spec", "[io]") {
  const evstudy::RunOptions o = evstudy::read_spec_json(
      R"({"prices": ["prices/daily.csv", "/abs/x.csv"], "events": "ev.csv", "market": "SPX", "window": "-5:5",
          "car": ["0:0", "-1:1"], "group": {"small-caps": ["RUT", "IWM"], "banks": ["KEY"]}, "min_estimation": 100})",
      "spec.json", "samples");
  CHECK(o.prices == std::vector<std::string>{"samples/prices/daily.csv", "/abs/x.csv"});
  CHECK(o.events == "samples/ev.csv");
  CHECK(o.window == "-5:5");
  CHECK(o.car == std::vector<std::string>{"0:0", "-1:1"});
  CHECK(o.group == std::vector<std::string>{"small-caps=RUT,IWM", "banks=KEY"});
  CHECK(o.min_estimation == 100);
}

TEST_CASE("an unknown spec key is a usage error with a suggestion", "[io]") {
  CHECK_THROWS_WITH(evstudy::read_spec_json(R"({"markte": "SPX"})", "spec.json", ""),
                    "spec.json: /markte: unknown spec key; did you mean 'market'?");
  CHECK_THROWS_WITH(evstudy::read_spec_json("[1]", "spec.json", ""), "spec.json: found a JSON array, expected a study spec object");
}
