#include "tools/campaign/oracles.h"

#include <variant>

#include "tools/campaign/atecc_oracles.h"
#include "tools/campaign/nrf_oracles.h"
#include "tools/campaign/stsafe_oracles.h"

namespace kb::tools::campaign {

namespace {

// Calls f(a, b, c) with the three images of one family, else returns false.
template <typename F>
bool same_family(const DeviceImage& a, const DeviceImage& b, const DeviceImage& c, F f) {
  if (a.index() != b.index() || a.index() != c.index()) return false;
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        return f(x, std::get<T>(b), std::get<T>(c));
      },
      a);
}

}  // namespace

bool no_usable_partial_key(const DeviceImage& cut, const DeviceImage& rerun, const DeviceImage& flow_start,
                           const DeviceImage& flow_end) {
  if (cut.index() != rerun.index()) return false;
  return same_family(cut, flow_start, flow_end, [&](const auto& c, const auto& s, const auto& e) {
    using T = std::decay_t<decltype(c)>;
    if constexpr (std::is_same_v<T, stsafe::State>) {
      return stsafe::no_usable_partial_key(c, std::get<T>(rerun), s, e);
    } else if constexpr (std::is_same_v<T, NrfImage>) {
      return nrf::no_usable_partial_key(c, std::get<T>(rerun), s, e);
    } else {
      return atecc::no_usable_partial_key(c, std::get<T>(rerun), s, e);
    }
  });
}

bool rolled_back_or_completed(const DeviceImage& cut, const DeviceImage& before, const DeviceImage& after) {
  return same_family(cut, before, after, [](const auto& c, const auto& b, const auto& a) {
    using T = std::decay_t<decltype(c)>;
    if constexpr (std::is_same_v<T, stsafe::State>) {
      return stsafe::rolled_back_or_completed(c, b, a);
    } else if constexpr (std::is_same_v<T, NrfImage>) {
      return nrf::rolled_back_or_completed(c, b, a);
    } else {
      return atecc::rolled_back_or_completed(c, b, a);
    }
  });
}

nlohmann::json provisioned_projection(const DeviceImage& image) {
  if (const auto* s = std::get_if<stsafe::State>(&image)) return stsafe::provisioned_projection(*s);
  if (const auto* a = std::get_if<atecc::Image>(&image)) return atecc::provisioned_projection(*a);
  return nrf::provisioned_projection(std::get<NrfImage>(image));
}

std::optional<Refusal> explain_refusal(const DeviceImage& image, bool reference_mode) {
  if (const auto* s = std::get_if<stsafe::State>(&image)) return stsafe::explain_refusal(*s);
  if (const auto* a = std::get_if<atecc::Image>(&image)) return atecc::explain_refusal(*a);
  return nrf::explain_refusal(std::get<NrfImage>(image), reference_mode);
}

bool rerun_converges(bool rerun_ok, const nlohmann::json& rerun_projection, const nlohmann::json& provisioned,
                     const std::optional<Refusal>& refusal) {
  if (rerun_ok) return rerun_projection == provisioned;
  return refusal.has_value();
}

bool no_false_success(bool host_ok, const nlohmann::json& cut_projection, const nlohmann::json& provisioned) {
  return !host_ok || cut_projection == provisioned;
}

}  // namespace kb::tools::campaign
