// Factor returns for factor models: Ken French's daily files as published (preamble lines, a
// header starting with a comma, YYYYMMDD dates, percent values, a trailing copyright or annual
// section), or a plain CSV with a date column and factor columns in decimals.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "evstudy/kernel/factor_table.hpp"

namespace evstudy {

/// Reads one factor file's text. Factor names are normalized: mktrf, smb, hml, rmw, cma, mom, rf.
FactorTable read_factors(std::string_view text, std::string_view source);

/// Merges several files' tables by date (a factor missing on a date is NaN).
FactorTable merge_factors(const std::vector<FactorTable>& tables);

}  // namespace evstudy
