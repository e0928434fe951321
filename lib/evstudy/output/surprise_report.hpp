// The reports of `evstudy surprise` (CLI.md): coef, buckets, surprises, and skips, as tables
// for the same writers as `run`'s reports.
#pragma once

#include <optional>
#include <string_view>

#include "evstudy/output/report.hpp"
#include "evstudy/study/surprise.hpp"

namespace evstudy {

enum class SurpriseReport { coef, buckets, surprises, skips };

std::optional<SurpriseReport> parse_surprise_report(std::string_view name);

ReportTable make_surprise_report(SurpriseReport kind, const SurpriseResult& result);

}  // namespace evstudy
