#include <nlohmann/json.hpp>

#include "evstudy/core/did_you_mean.hpp"
#include "evstudy/core/error.hpp"
#include "evstudy/io/json_text.hpp"
#include "evstudy/io/run_options.hpp"

namespace evstudy {
namespace {

using json = nlohmann::ordered_json;

std::string resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty() || path == "-" || path.front() == '/' || base_dir.empty()) return path;
  return base_dir + "/" + path;
}

/// A string, or an array of strings, as a list.
std::vector<std::string> strings(const json& value, const std::string& where) {
  if (value.is_string()) return {value.get<std::string>()};
  std::vector<std::string> out;
  if (!value.is_array()) throw Error(ErrorKind::usage, where + ": found a JSON " + std::string(value.type_name()) + ", expected a string or an array of strings");
  for (const json& item : value) {
    if (!item.is_string()) throw Error(ErrorKind::usage, where + ": found a JSON " + std::string(item.type_name()) + " in the array, expected strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::string string_of(const json& value, const std::string& where) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long>());
  throw Error(ErrorKind::usage, where + ": found a JSON " + std::string(value.type_name()) + ", expected a string");
}

/// Groups as {"name": ["T1","T2"]} or ["name=T1,T2", ...].
std::vector<std::string> groups(const json& value, const std::string& where) {
  if (!value.is_object()) return strings(value, where);
  std::vector<std::string> out;
  for (const auto& [name, members] : value.items()) {
    std::string joined;
    for (const std::string& t : strings(members, where + "/" + name)) {
      if (!joined.empty()) joined += ',';
      joined += t;
    }
    out.push_back(name + "=" + joined);
  }
  return out;
}

}  // namespace

std::vector<std::string> split_list(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    std::size_t start = 0;
    while (start <= item.size()) {
      const std::size_t comma = std::min(item.find(',', start), item.size());
      std::string part = item.substr(start, comma - start);
      part.erase(0, part.find_first_not_of(' '));
      part.erase(part.find_last_not_of(' ') + 1);
      if (!part.empty()) out.push_back(part);
      start = comma + 1;
    }
  }
  return out;
}

RunOptions read_spec_json(std::string_view text, std::string_view source, const std::string& base_dir) {
  const json doc = parse_json_text<json>(text, std::string(source), "a study spec object", ErrorKind::usage);
  if (!doc.is_object())
    throw Error(ErrorKind::usage, SourcePos{std::string(source), 0, 0},
                "found a JSON " + std::string(doc.type_name()) + ", expected a study spec object");
  RunOptions o;
  static const std::vector<std::string> known{
      "prices", "events", "event", "market", "model", "factors", "estimation", "window", "car", "tickers",
      "group", "groups", "returns", "values", "gaps", "compat", "car-threshold", "min-estimation", "report",
      "format", "output", "threads", "plot", "plot-securities", "save-golden", "tz", "close", "ticker", "stars", "unit", "on-bad-row", "strict", "description"};
  for (const auto& [raw_key, value] : doc.items()) {
    std::string key = raw_key;
    for (char& c : key)
      if (c == '_') c = '-';
    const std::string where = std::string(source) + ": /" + raw_key;
    if (key == "prices") {
      for (const std::string& p : strings(value, where)) o.prices.push_back(resolve(base_dir, p));
    } else if (key == "events") {
      o.events = resolve(base_dir, string_of(value, where));
    } else if (key == "event") {
      o.event = strings(value, where);
    } else if (key == "market") {
      o.market = string_of(value, where);
    } else if (key == "model") {
      o.model = string_of(value, where);
    } else if (key == "factors") {
      for (const std::string& f : strings(value, where)) o.factors.push_back(resolve(base_dir, f));
    } else if (key == "estimation") {
      o.estimation = string_of(value, where);
    } else if (key == "window") {
      o.window = string_of(value, where);
    } else if (key == "car") {
      o.car = strings(value, where);
    } else if (key == "tickers") {
      o.tickers = strings(value, where);
    } else if (key == "group" || key == "groups") {
      o.group = groups(value, where);
    } else if (key == "returns") {
      o.returns = string_of(value, where);
    } else if (key == "values") {
      o.values = string_of(value, where);
    } else if (key == "gaps") {
      o.gaps = string_of(value, where);
    } else if (key == "compat") {
      o.compat = string_of(value, where);
    } else if (key == "car-threshold") {
      if (!value.is_number()) throw Error(ErrorKind::usage, where + ": expected a number");
      o.car_threshold = value.get<double>();
    } else if (key == "min-estimation") {
      if (!value.is_number_integer()) throw Error(ErrorKind::usage, where + ": expected an integer");
      o.min_estimation = value.get<long>();
    } else if (key == "report") {
      o.report = strings(value, where);
    } else if (key == "format") {
      o.format = string_of(value, where);
    } else if (key == "output") {
      o.output = resolve(base_dir, string_of(value, where));
    } else if (key == "threads") {
      if (!value.is_number_integer()) throw Error(ErrorKind::usage, where + ": expected an integer");
      o.threads = value.get<long>();
    } else if (key == "plot") {
      o.plot = resolve(base_dir, string_of(value, where));
    } else if (key == "plot-securities") {
      if (!value.is_boolean()) throw Error(ErrorKind::usage, where + ": expected true or false");
      o.plot_securities = value.get<bool>();
    } else if (key == "save-golden") {
      o.save_golden = resolve(base_dir, string_of(value, where));
    } else if (key == "tz") {
      o.tz = string_of(value, where);
    } else if (key == "close") {
      o.close = string_of(value, where);
    } else if (key == "on-bad-row") {
      o.on_bad_row = string_of(value, where);
    } else if (key == "strict") {
      if (!value.is_boolean()) throw Error(ErrorKind::usage, where + ": expected true or false");
      o.strict = value.get<bool>();
    } else if (key == "unit") {
      o.unit = string_of(value, where);
    } else if (key == "stars") {
      o.stars = string_of(value, where);
    } else if (key == "ticker") {
      o.ticker = string_of(value, where);
    } else if (key != "description") {
      const auto guess = closest_name(key, known);
      throw Error(ErrorKind::usage, where + ": unknown spec key" +
                                        (guess ? "; did you mean '" + *guess + "'?" : ", expected an option name of evstudy run"));
    }
  }
  return o;
}

}  // namespace evstudy
