#include <filesystem>
#include <nlohmann/json.hpp>

#include "evstudy/io/run_options.hpp"

namespace evstudy {
namespace {

/// `path` relative to `base_dir` when both are local files, so a golden file and its data can
/// move together; "-" and empty stay as they are.
std::string relative_to(const std::string& path, const std::string& base_dir) {
  if (path.empty() || path == "-") return path;
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  const fs::path base = fs::absolute(base_dir.empty() ? "." : base_dir, ec);
  if (ec) return path;
  return absolute.lexically_normal().lexically_relative(base.lexically_normal()).generic_string();
}

}  // namespace

std::string write_spec_json(const RunOptions& o, const std::string& base_dir) {
  nlohmann::ordered_json j;
  std::vector<std::string> prices;
  for (const std::string& p : o.prices) prices.push_back(relative_to(p, base_dir));
  j["prices"] = prices;
  if (!o.events.empty()) j["events"] = relative_to(o.events, base_dir);
  if (!o.event.empty()) j["event"] = o.event;
  j["market"] = o.market;
  j["model"] = o.model;
  if (!o.factors.empty()) {
    std::vector<std::string> factors;
    for (const std::string& f : o.factors) factors.push_back(relative_to(f, base_dir));
    j["factors"] = factors;
  }
  j["estimation"] = o.estimation;
  j["window"] = o.window;
  if (!o.car.empty()) j["car"] = o.car;
  if (!o.tickers.empty()) j["tickers"] = o.tickers;
  if (!o.group.empty()) j["group"] = o.group;
  j["returns"] = o.returns;
  j["values"] = o.values;
  j["gaps"] = o.gaps;
  if (!o.compat.empty()) {
    j["compat"] = o.compat;
    j["car-threshold"] = o.car_threshold;
  }
  j["min-estimation"] = o.min_estimation;
  j["tz"] = o.tz;
  j["close"] = o.close;
  if (!o.ticker.empty()) j["ticker"] = o.ticker;
  if (!o.unit.empty()) j["unit"] = o.unit;
  if (o.on_bad_row != "error") j["on-bad-row"] = o.on_bad_row;
  if (o.strict) j["strict"] = true;
  return j.dump(2);
}

}  // namespace evstudy
