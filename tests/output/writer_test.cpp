#include <catch2/catch.hpp>
#include <cstdlib>
#include <sstream>

#include "evstudy/output/machine_writer.hpp"

TEST_CASE("numbers print in their shortest round-trip form", "[output]") {
  CHECK(evstudy::format_number(0.1) == "0.1");
  CHECK(evstudy::format_number(-0.0031223453411469444) == "-0.0031223453411469444");
  for (double x : {1.0 / 3.0, 2.0 / 3.0e-7, 123456.789e10, -5e-324}) CHECK(std::strtod(evstudy::format_number(x).c_str(), nullptr) == x);
}

TEST_CASE("csv quotes fields that need it, missing values are empty, json uses null", "[output]") {
  evstudy::ReportTable t{"skips", {"event", "ticker", "x"}, {}};
  t.rows.push_back({std::string("a,b"), std::string("say \"hi\""), evstudy::Cell{}});
  t.rows.push_back({std::string("c"), evstudy::i64{3}, 0.25});
  std::ostringstream csv;
  evstudy::write_delimited(csv, {t}, ',');
  CHECK(csv.str() == "event,ticker,x\n\"a,b\",\"say \"\"hi\"\"\",\nc,3,0.25\n");
  std::ostringstream json;
  evstudy::write_json(json, {t});
  CHECK(json.str() == "{\n\"skips\": [\n  {\"event\":\"a,b\",\"ticker\":\"say \\\"hi\\\"\",\"x\":null},\n  {\"event\":\"c\",\"ticker\":3,\"x\":0.25}\n]\n}\n");
  std::ostringstream nd;
  evstudy::write_ndjson(nd, {t});
  CHECK(nd.str() == "{\"report\":\"skips\",\"event\":\"a,b\",\"ticker\":\"say \\\"hi\\\"\",\"x\":null}\n"
                    "{\"report\":\"skips\",\"event\":\"c\",\"ticker\":3,\"x\":0.25}\n");
}

TEST_CASE("several reports in csv are separated and labelled", "[output]") {
  const evstudy::ReportTable a{"ar", {"x"}, {{evstudy::i64{1}}}};
  const evstudy::ReportTable b{"car", {"y"}, {{evstudy::i64{2}}}};
  std::ostringstream out;
  evstudy::write_delimited(out, {a, b}, '\t');
  CHECK(out.str() == "# report: ar\nx\n1\n\n# report: car\ny\n2\n");
}
