// Daily factor returns (decimals) by date: Mkt-RF, SMB, HML, RMW, CMA, Mom and the risk-free rate.
#pragma once

#include <string>
#include <vector>

#include "evstudy/core/date.hpp"

namespace evstudy {

struct FactorTable {
  std::vector<Date> dates;                  // ascending, unique
  std::vector<std::string> names;           // normalized: mktrf, smb, hml, rmw, cma, mom, rf
  std::vector<std::vector<double>> values;  // values[f][t]; NaN = missing
};

}  // namespace evstudy
