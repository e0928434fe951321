#include "evstudy/output/plot_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "evstudy/output/report.hpp"

namespace evstudy {
namespace {

constexpr double width = 900.0;
constexpr double panel_height = 420.0;
constexpr double left = 70.0, right = 230.0, top = 50.0, bottom = 50.0;
constexpr double legend_x = width - right + 48.0;  // past the tickers written at the lines' ends
constexpr const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
                                   "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"};

std::string num(double x) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", x);
  return b;
}

std::string escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

/// A tick step of 1, 2 or 5 times a power of ten giving about six ticks over `span`.
double nice_step(double span) {
  const double raw = span / 6.0;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (m * power >= raw) return m * power;
  return 10.0 * power;
}

struct Scale {
  double x0, x1, y0, y1;  // data ranges
  double top_px;
  double x(double t) const { return left + (t - x0) / (x1 - x0) * (width - left - right); }
  double y(double v) const { return top_px + top + (y1 - v) / (y1 - y0) * (panel_height - top - bottom); }
};

Scale scale_for(const StudyResult& r, const EventResult& e, const PlotOptions& o, double top_px) {
  double lo = 0.0, hi = 0.0;
  auto see = [&](double v) {
    if (!is_missing(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  };
  for (const GroupEvent& g : e.groups)
    for (const CaarPoint& p : g.path) {
      see(p.caar);
      if (!is_missing(p.se)) {
        see(p.caar - 1.96 * p.se);
        see(p.caar + 1.96 * p.se);
      }
    }
  if (o.securities)
    for (const SecurityEvent& s : e.securities)
      for (const double c : s.car) see(c);
  const double pad = std::max(0.005, 0.08 * (hi - lo));
  const double x0 = static_cast<double>(r.window.first);
  const double x1 = std::max(static_cast<double>(r.window.last), x0 + 1.0);
  return {x0, x1, lo - pad, hi + pad, top_px};
}

void axes(std::ostream& out, const Scale& s, const StudyResult& r, const EventResult& e) {
  const double y_bottom = s.top_px + panel_height - bottom;
  out << "<g class=\"axes\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#333\">\n";
  out << "<text x=\"" << num(left) << "\" y=\"" << num(s.top_px + 28) << "\" font-size=\"15\" font-weight=\"bold\">CAAR around "
      << escape(e.id) << " (" << model_name(r.model) << " model vs " << escape(r.market) << ")</text>\n";
  const double step = nice_step(s.y1 - s.y0);
  for (double v = std::ceil(s.y0 / step) * step; v <= s.y1 + 1e-12; v += step) {
    const double y = s.y(v);
    out << "<line x1=\"" << num(left) << "\" x2=\"" << num(width - right) << "\" y1=\"" << num(y) << "\" y2=\"" << num(y)
        << "\" stroke=\"" << (std::abs(v) < step / 2 ? "#888" : "#e5e5e5") << "\"/>\n";
    char label[32];
    if (std::abs(v) < step / 2)
      std::snprintf(label, sizeof label, "0%%");
    else
      std::snprintf(label, sizeof label, "%+.1f%%", 100.0 * v);
    out << "<text x=\"" << num(left - 8) << "\" y=\"" << num(y + 4) << "\" text-anchor=\"end\">" << label << "</text>\n";
  }
  for (i64 t = r.window.first; t <= r.window.last; ++t) {
    const double x = s.x(static_cast<double>(t));
    out << "<line x1=\"" << num(x) << "\" x2=\"" << num(x) << "\" y1=\"" << num(y_bottom) << "\" y2=\"" << num(y_bottom + 5)
        << "\" stroke=\"#333\"/>\n";
    out << "<text x=\"" << num(x) << "\" y=\"" << num(y_bottom + 18) << "\" text-anchor=\"middle\">" << t << "</text>\n";
  }
  out << "<line x1=\"" << num(left) << "\" x2=\"" << num(width - right) << "\" y1=\"" << num(y_bottom) << "\" y2=\""
      << num(y_bottom) << "\" stroke=\"#333\"/>\n";
  out << "<line x1=\"" << num(left) << "\" x2=\"" << num(left) << "\" y1=\"" << num(s.top_px + top) << "\" y2=\""
      << num(y_bottom) << "\" stroke=\"#333\"/>\n";
  out << "<text x=\"" << num((left + width - right) / 2) << "\" y=\"" << num(y_bottom + 38)
      << "\" text-anchor=\"middle\">"
      << (!e.securities.empty() && !e.securities.front().times.empty() ? "bars relative to bar 0" : "trading days relative to day 0")
      << "</text>\n";
  out << "<text transform=\"translate(18," << num(s.top_px + panel_height / 2) << ") rotate(-90)\" text-anchor=\"middle\">"
      << "cumulative abnormal return</text>\n";
  if (r.window.first <= 0 && r.window.last >= 0) {
    const double x = s.x(0.0);
    out << "<line class=\"day0\" x1=\"" << num(x) << "\" x2=\"" << num(x) << "\" y1=\"" << num(s.top_px + top) << "\" y2=\""
        << num(y_bottom) << "\" stroke=\"#555\" stroke-dasharray=\"5,4\"/>\n";
    out << "<text x=\"" << num(x + 4) << "\" y=\"" << num(s.top_px + top + 12) << "\" fill=\"#555\">day 0</text>\n";
  }
  out << "</g>\n";
}

void series(std::ostream& out, const Scale& s, const StudyResult& r, const EventResult& e, const PlotOptions& o) {
  for (std::size_t gi = 0; gi < e.groups.size(); ++gi) {
    const GroupEvent& g = e.groups[gi];
    const char* color = palette[gi % std::size(palette)];
    std::string upper, lower, line, values;
    for (std::size_t k = 0; k < g.path.size(); ++k) {
      const double x = s.x(static_cast<double>(r.window.first + static_cast<i64>(k)));
      const CaarPoint& p = g.path[k];
      if (!values.empty()) values += ' ';
      values += is_missing(p.caar) ? std::string("NaN") : format_number(p.caar);
      if (is_missing(p.caar)) continue;
      line += num(x) + "," + num(s.y(p.caar)) + " ";
      if (is_missing(p.se)) continue;
      upper += num(x) + "," + num(s.y(p.caar + 1.96 * p.se)) + " ";
      lower = num(x) + "," + num(s.y(p.caar - 1.96 * p.se)) + " " + lower;
    }
    if (!upper.empty())
      out << "<polygon class=\"band\" data-group=\"" << escape(g.name) << "\" points=\"" << upper << lower << "\" fill=\""
          << color << "\" fill-opacity=\"0.15\" stroke=\"none\"/>\n";
    if (o.securities)
      for (const std::size_t m : g.members) {
        const SecurityEvent& se = e.securities[m];
        std::string pts;
        double end_x = missing, end_y = missing;
        for (std::size_t k = 0; k < se.car.size(); ++k)
          if (!is_missing(se.car[k])) {
            end_x = s.x(static_cast<double>(r.window.first + static_cast<i64>(k)));
            end_y = s.y(se.car[k]);
            pts += num(end_x) + "," + num(end_y) + " ";
          }
        if (!is_missing(end_x))
          out << "<text x=\"" << num(end_x + 3) << "\" y=\"" << num(end_y + 3) << "\" font-family=\"sans-serif\" font-size=\"9\" fill=\""
              << color << "\">" << escape(se.ticker) << "</text>\n";
        out << "<polyline class=\"car\" data-ticker=\"" << escape(se.ticker) << "\" points=\"" << pts << "\" fill=\"none\" stroke=\""
            << color << "\" stroke-width=\"1\" stroke-opacity=\"0.6\" stroke-dasharray=\"3,2\"><title>" << escape(se.ticker)
            << "</title></polyline>\n";
      }
    out << "<polyline class=\"caar\" data-group=\"" << escape(g.name) << "\" data-values=\"" << values << "\" points=\"" << line
        << "\" fill=\"none\" stroke=\"" << color << "\" stroke-width=\"2.5\"><title>" << escape(g.name) << "</title></polyline>\n";
  }
}

void legend(std::ostream& out, const EventResult& e, double top_px) {
  out << "<g class=\"legend\" font-family=\"sans-serif\" font-size=\"12\">\n";
  double y = top_px + top + 8;
  for (std::size_t gi = 0; gi < e.groups.size(); ++gi) {
    const GroupEvent& g = e.groups[gi];
    const double x = legend_x;
    out << "<rect x=\"" << num(x) << "\" y=\"" << num(y - 7) << "\" width=\"22\" height=\"10\" fill=\""
        << palette[gi % std::size(palette)] << "\" fill-opacity=\"0.3\"/>";
    out << "<line x1=\"" << num(x) << "\" x2=\"" << num(x + 22) << "\" y1=\"" << num(y - 2) << "\" y2=\"" << num(y - 2)
        << "\" stroke=\"" << palette[gi % std::size(palette)] << "\" stroke-width=\"2.5\"/>";
    out << "<text x=\"" << num(x + 28) << "\" y=\"" << num(y + 2) << "\">" << escape(g.name) << " (n="
        << (g.path.empty() ? 0 : g.path.back().n) << ")</text>\n";
    y += 20;
  }
  out << "<text x=\"" << num(legend_x) << "\" y=\"" << num(y + 8) << "\" fill=\"#555\">band: 95% (CAAR ± 1.96 se)</text>\n";
  out << "</g>\n";
}

}  // namespace

void write_plot_svg(std::ostream& out, const StudyResult& r, const PlotOptions& o) {
  const std::size_t panels = std::max<std::size_t>(1, std::min(r.events.size(), o.max_events));
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(width) << "\" height=\""
      << num(panel_height * static_cast<double>(panels)) << "\" viewBox=\"0 0 " << num(width) << " "
      << num(panel_height * static_cast<double>(panels)) << "\">\n";
  out << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  if (r.events.empty()) out << "<text x=\"20\" y=\"40\" font-family=\"sans-serif\">no events</text>\n";
  for (std::size_t k = 0; k < r.events.size() && k < o.max_events; ++k) {
    const double top_px = panel_height * static_cast<double>(k);
    const EventResult& e = r.events[k];
    const Scale s = scale_for(r, e, o, top_px);
    out << "<g class=\"event\" data-event=\"" << escape(e.id) << "\">\n";
    axes(out, s, r, e);
    series(out, s, r, e, o);
    legend(out, e, top_px);
    out << "</g>\n";
  }
  if (r.events.size() > o.max_events)
    out << "<text x=\"20\" y=\"" << num(panel_height * static_cast<double>(panels) - 8) << "\" font-family=\"sans-serif\" font-size=\"11\">"
        << r.events.size() - o.max_events << " more events not drawn</text>\n";
  out << "</svg>\n";
}

}  // namespace evstudy
