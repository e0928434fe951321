#include "evstudy/io/tz_database.hpp"

#include <boost/date_time/local_time/local_time.hpp>
#include <cstdlib>
#include <map>
#include <mutex>

#include "evstudy/core/error.hpp"
#include "evstudy/io/file.hpp"

namespace evstudy {
namespace {

struct Counts {
  std::uint32_t isut, isstd, leap, time, type, chars;
};

std::uint32_t read_u32(std::string_view b, std::size_t at) {
  auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + k])); };
  return (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
}

i64 read_i64(std::string_view b, std::size_t at) {
  const std::uint64_t hi = read_u32(b, at);
  const std::uint64_t lo = read_u32(b, at + 4);
  return static_cast<i64>((hi << 32) | lo);
}

Counts read_counts(std::string_view b, std::size_t at) {
  return {read_u32(b, at + 20), read_u32(b, at + 24), read_u32(b, at + 28),
          read_u32(b, at + 32), read_u32(b, at + 36), read_u32(b, at + 40)};
}

std::size_t block_size(const Counts& c, std::size_t time_size) {
  return c.time * time_size + c.time + c.type * 6 + c.chars + c.leap * (time_size + 4) + c.isstd + c.isut;
}

/// POSIX TZ strings count offsets west of UTC; Boost.DateTime counts them east. Negates the
/// standard and (explicit) daylight offsets of a footer such as "EST5EDT,M3.2.0,M11.1.0".
[[gnu::noinline]] std::string boost_posix_string(std::string_view posix) {
  std::string out;
  std::size_t i = 0;
  auto copy_name = [&] {
    if (i < posix.size() && posix[i] == '<') {
      while (i < posix.size() && posix[i] != '>') out.push_back(posix[i++]);
      if (i < posix.size()) out.push_back(posix[i++]);
    } else {
      while (i < posix.size() && std::isalpha(static_cast<unsigned char>(posix[i]))) out.push_back(posix[i++]);
    }
  };
  auto copy_negated_offset = [&] {
    if (i >= posix.size() || posix[i] == ',') return;
    char sign = '-';
    if (posix[i] == '+' || posix[i] == '-') sign = posix[i++] == '-' ? '+' : '-';
    out.push_back(sign);
    while (i < posix.size() && (std::isdigit(static_cast<unsigned char>(posix[i])) || posix[i] == ':'))
      out.push_back(posix[i++]);
  };
  copy_name();
  copy_negated_offset();
  copy_name();
  if (i < posix.size() && posix[i] != ',') copy_negated_offset();
  out.append(posix.substr(i));
  return out;
}

/// Appends the footer rule's transitions for the years after the last listed transition.
void extend_with_footer(ZoneRules& zone, std::string_view footer) {
  if (footer.empty() || footer.find(',') == std::string_view::npos) return;  // no DST rule
  const boost::local_time::posix_time_zone rule(boost_posix_string(footer));
  const i64 standard = rule.base_utc_offset().total_seconds();
  const i64 daylight = standard + rule.dst_offset().total_seconds();
  const boost::posix_time::ptime epoch(boost::gregorian::date(1970, 1, 1));
  const i64 last = zone.transitions.empty() ? 0 : zone.transitions.back();
  const auto first_year = static_cast<unsigned short>(1970 + last / 31556952);
  for (unsigned short year = first_year; year <= 2200; ++year) {
    const i64 start = (rule.dst_local_start_time(year) - epoch).total_seconds() - standard;
    const i64 end = (rule.dst_local_end_time(year) - epoch).total_seconds() - daylight;
    if (start > last) {
      zone.transitions.push_back(start);
      zone.offsets.push_back(static_cast<std::int32_t>(daylight));
    }
    if (end > last) {
      zone.transitions.push_back(end);
      zone.offsets.push_back(static_cast<std::int32_t>(standard));
    }
  }
}

}  // namespace

ZoneRules parse_tzif(std::string_view b, std::string name, std::string_view source) {
  const SourcePos pos{std::string(source), 0, 0};
  if (b.size() < 44 || b.substr(0, 4) != "TZif")
    throw Error(ErrorKind::bad_data, pos, "not a TZif time zone file");
  const Counts v1 = read_counts(b, 0);
  std::size_t at = 44;
  std::size_t time_size = 4;
  Counts c = v1;
  if (b[4] >= '2') {  // skip the 32-bit block; read the 64-bit one
    at += block_size(v1, 4);
    if (b.size() < at + 44) throw Error(ErrorKind::bad_data, pos, "truncated TZif file");
    c = read_counts(b, at);
    at += 44;
    time_size = 8;
  }
  if (b.size() < at + block_size(c, time_size) || c.type == 0)
    throw Error(ErrorKind::bad_data, pos, "truncated TZif file");
  const std::size_t types_at = at + c.time * time_size + c.time;
  auto type_offset = [&](std::size_t type) {
    return static_cast<std::int32_t>(read_u32(b, types_at + type * 6));
  };
  ZoneRules zone{std::move(name), {}, {type_offset(0)}};
  for (std::size_t k = 0; k < c.time; ++k) {
    const i64 when = time_size == 8 ? read_i64(b, at + k * 8)
                                    : static_cast<std::int32_t>(read_u32(b, at + k * 4));
    const auto type = static_cast<std::size_t>(static_cast<unsigned char>(b[at + c.time * time_size + k]));
    if (type >= c.type) throw Error(ErrorKind::bad_data, pos, "TZif transition names an unknown type");
    zone.transitions.push_back(when);
    zone.offsets.push_back(type_offset(type));
  }
  if (time_size == 8) {
    std::string_view rest = b.substr(at + block_size(c, 8));
    if (rest.size() >= 2 && rest.front() == '\n') {
      rest.remove_prefix(1);
      extend_with_footer(zone, rest.substr(0, rest.find('\n')));
    }
  }
  return zone;
}

const ZoneRules& load_zone(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, ZoneRules, std::less<>> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return it->second;
  if (name == "UTC" || name == "Etc/UTC" || name == "Z")
    return cache.emplace(std::string(name), fixed_zone(std::string(name), 0)).first->second;
  const bool plausible = !name.empty() && name.find("..") == std::string_view::npos && name.front() != '/';
  const char* tzdir = std::getenv("TZDIR");
  const std::string path = std::string(tzdir && *tzdir ? tzdir : "/usr/share/zoneinfo") + "/" + std::string(name);
  std::string bytes;
  if (plausible) {
    try {
      bytes = read_file(path);
    } catch (const Error&) {
      bytes.clear();
    }
  }
  if (bytes.empty())
    throw Error(ErrorKind::usage, "unknown time zone '" + std::string(name) +
                                      "', expected an IANA name such as America/New_York (tzdata installed?)");
  return cache.emplace(std::string(name), parse_tzif(bytes, std::string(name), path)).first->second;
}

}  // namespace evstudy
