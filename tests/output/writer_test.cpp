#include <catch2/catch.hpp>
#include <cstdlib>
#include <sstream>

#include "evstudy/output/machine_writer.hpp"

namespace {

/// The part of `r` a sink receives for event `e`: the header, the event and its skips.
evstudy::StudyResult piece_of(const evstudy::StudyResult& r, const evstudy::EventResult& e) {
  evstudy::StudyResult piece;
  piece.model = r.model;
  piece.window = r.window;
  piece.car_windows = r.car_windows;
  piece.events = {e};
  for (const auto& skip : r.skips)
    if (skip.event == e.id) piece.skips.push_back(skip);
  return piece;
}

/// A document written section by section, each section to a stream of its own (the first
/// report's after the writer's start), as the run command writes them; joined() ends the
/// sections and joins them with the writer's tail.
struct SplitDocument {
  std::unique_ptr<evstudy::ReportWriter> writer;
  std::ostringstream first;
  std::vector<std::ostringstream> rest;
  std::vector<std::unique_ptr<evstudy::ReportSection>> sections;

  SplitDocument(evstudy::Format format, const evstudy::StudyResult& r, const std::vector<evstudy::ReportKind>& kinds)
      : writer(evstudy::make_report_writer(format)), rest(kinds.size() - 1) {
    writer->start(first);
    for (std::size_t k = 0; k < kinds.size(); ++k)
      sections.push_back(writer->section(k == 0 ? first : rest[k - 1], k, kinds.size(),
                                         std::string(evstudy::report_name(kinds[k])), evstudy::report_columns(kinds[k], r)));
  }

  std::string joined() {
    std::string text;
    for (std::size_t k = 0; k < sections.size(); ++k) {
      sections[k]->end();
      text += k == 0 ? first.str() : rest[k - 1].str();
    }
    std::ostringstream tail;
    writer->finish(tail);
    text += tail.str();
    return text;
  }
};

}  // namespace

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

TEST_CASE("reports written row by row are the tables written whole, in every format", "[output]") {
  // A small result with two events, skips and a factor model's extra columns.
  evstudy::StudyResult r;
  r.model = evstudy::ModelKind::ff3;
  r.window = {0, 1};
  r.car_windows = {{0, 1}};
  for (const char* id : {"e1", "e2"}) {
    evstudy::EventResult e;
    e.id = id;
    evstudy::SecurityEvent s;
    s.ticker = "KEY";
    s.fit.model = evstudy::ModelKind::ff3;
    s.fit.n_est = 250;
    s.fit.alpha = 0.001;
    s.fit.beta = 1.2;
    s.fit.sigma = 0.02;
    s.fit.loadings = {1.2, 0.3, -0.1};
    s.cars = {{0.05, 1.5, evstudy::missing}};
    e.securities.push_back(s);
    evstudy::GroupEvent g;
    g.name = "all";
    g.members = {0};
    g.aar = {{1, 0.02}, {1, 0.03}};
    g.caar = {{1, 0.05, evstudy::missing}};
    g.tests = {{"0", "t", 2.5, 0.01, 1}};
    e.groups.push_back(g);
    r.events.push_back(e);
  }
  r.skips = {{"e2", "WAL", "estimation window has 3 returns, needs at least 30"}};
  const std::vector<evstudy::ReportKind> kinds{evstudy::ReportKind::car, evstudy::ReportKind::fit, evstudy::ReportKind::tests,
                                               evstudy::ReportKind::skips, evstudy::ReportKind::aar, evstudy::ReportKind::caar};
  std::vector<evstudy::ReportTable> tables;
  for (const auto k : kinds) tables.push_back(evstudy::make_report(k, r));
  CHECK(tables[1].columns.back() == "hml");
  for (const auto format : {evstudy::Format::csv, evstudy::Format::tsv, evstudy::Format::json, evstudy::Format::ndjson}) {
    std::ostringstream whole;
    if (format == evstudy::Format::csv) evstudy::write_delimited(whole, tables, ',');
    if (format == evstudy::Format::tsv) evstudy::write_delimited(whole, tables, '\t');
    if (format == evstudy::Format::json) evstudy::write_json(whole, tables);
    if (format == evstudy::Format::ndjson) evstudy::write_ndjson(whole, tables);
    std::ostringstream streamed;
    evstudy::write_reports_streamed(streamed, *evstudy::make_report_writer(format), r, kinds);
    CHECK(streamed.str() == whole.str());
    CHECK(streamed.str().find("WAL") != std::string::npos);
  }
  // One report, and an empty one: no "# report:" line; an empty JSON array.
  std::ostringstream one;
  evstudy::write_reports_streamed(one, *evstudy::make_report_writer(evstudy::Format::csv), r, {evstudy::ReportKind::car});
  CHECK(one.str() == "event,ticker,window,car,scar,bhar\ne1,KEY,0:1,0.05,1.5,\ne2,KEY,0:1,0.05,1.5,\n");
  evstudy::StudyResult none;
  std::ostringstream empty;
  evstudy::write_reports_streamed(empty, *evstudy::make_report_writer(evstudy::Format::json), none, {evstudy::ReportKind::skips});
  CHECK(empty.str() == "{\n\"skips\": []\n}\n");
  // Sections written to different streams and joined are the document written in one go.
  for (const auto format : {evstudy::Format::csv, evstudy::Format::json, evstudy::Format::ndjson}) {
    std::ostringstream whole;
    evstudy::write_reports_streamed(whole, *evstudy::make_report_writer(format), r, kinds);
    SplitDocument split(format, r, kinds);
    // Event by event, every report at once, as the run command writes them.
    for (const auto& e : r.events) {
      const evstudy::StudyResult piece = piece_of(r, e);
      for (std::size_t k = 0; k < kinds.size(); ++k)
        evstudy::stream_report(kinds[k], piece, [&](const std::vector<std::string>& columns, const std::vector<evstudy::Cell>& row) {
          split.sections[k]->row(columns, row);
        });
    }
    CHECK(split.joined() == whole.str());
  }
}

TEST_CASE("rows made into text apart, then handed to their sections in order, are the rows written one by one",
          "[output]") {
  // Three events: the first with no skips (empty skips text: the JSON skips array's first row
  // then comes from the second event, without a comma before it), the third with enough
  // securities that its car text passes the sections' 64 KiB buffer.
  evstudy::StudyResult r;
  r.window = {0, 1};
  r.car_windows = {{0, 1}};
  for (const auto& [id, securities] : std::vector<std::pair<std::string, int>>{{"e1", 2}, {"e2", 1}, {"e3", 3000}}) {
    evstudy::EventResult e;
    e.id = id;
    for (int n = 0; n < securities; ++n) {
      evstudy::SecurityEvent s;
      s.ticker = std::to_string(n);
      s.ticker.insert(s.ticker.begin(), 'T');
      s.fit.n_est = 250;
      s.fit.alpha = 0.001 * n;
      s.cars = {{0.05 + n * 1e-7, 1.5, n % 2 ? evstudy::missing : -0.25}};
      e.securities.push_back(s);
    }
    r.events.push_back(e);
  }
  r.skips = {{"e2", "WAL", "estimation window has 3 returns, needs at least 30"},
             {"e3", "KEY", "no \"price\", here"}};
  const std::vector<evstudy::ReportKind> kinds{evstudy::ReportKind::car, evstudy::ReportKind::skips,
                                               evstudy::ReportKind::fit};
  for (const auto format : {evstudy::Format::csv, evstudy::Format::tsv, evstudy::Format::json, evstudy::Format::ndjson}) {
    std::ostringstream whole;
    evstudy::write_reports_streamed(whole, *evstudy::make_report_writer(format), r, kinds);
    SplitDocument split(format, r, kinds);
    std::vector<std::unique_ptr<evstudy::RowFormat>> formats;
    for (const auto kind : kinds)
      formats.push_back(split.writer->row_format(std::string(evstudy::report_name(kind)), evstudy::report_columns(kind, r)));
    std::size_t long_texts = 0;
    std::vector<std::size_t> room;  // kept from event to event, as each study thread keeps its own
    for (const auto& e : r.events) {
      const std::vector<std::string> texts = evstudy::report_texts(piece_of(r, e), kinds, formats, room);
      REQUIRE(texts.size() == kinds.size());
      for (std::size_t k = 0; k < kinds.size(); ++k) {
        CHECK(room[k] == texts[k].size());
        if (texts[k].size() > (std::size_t{64} << 10)) ++long_texts;
        split.sections[k]->rows_text(texts[k]);
      }
    }
    CHECK(long_texts >= 1);
    CHECK(split.joined() == whole.str());
  }
}
