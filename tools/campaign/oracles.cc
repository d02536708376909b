#include "tools/campaign/oracles.h"

#include "tools/campaign/nrf_oracles.h"
#include "tools/campaign/stsafe_oracles.h"

namespace kb::tools::campaign {

namespace {

// Calls f(a, b, c) when all three images are of one family, else returns false.
template <typename F>
bool same_family(const DeviceImage& a, const DeviceImage& b, const DeviceImage& c, F f) {
  if (a.index() != b.index() || a.index() != c.index()) return false;
  if (const auto* s = std::get_if<stsafe::State>(&a)) {
    return f(*s, std::get<stsafe::State>(b), std::get<stsafe::State>(c));
  }
  return f(std::get<NrfImage>(a), std::get<NrfImage>(b), std::get<NrfImage>(c));
}

}  // namespace

bool no_usable_partial_key(const DeviceImage& cut, const DeviceImage& rerun, const DeviceImage& flow_start,
                           const DeviceImage& flow_end) {
  if (cut.index() != rerun.index()) return false;
  return same_family(cut, flow_start, flow_end, [&](const auto& c, const auto& s, const auto& e) {
    using T = std::decay_t<decltype(c)>;
    if constexpr (std::is_same_v<T, stsafe::State>) {
      return stsafe::no_usable_partial_key(c, std::get<T>(rerun), s, e);
    } else {
      return nrf::no_usable_partial_key(c, std::get<T>(rerun), s, e);
    }
  });
}

bool rolled_back_or_completed(const DeviceImage& cut, const DeviceImage& before, const DeviceImage& after) {
  return same_family(cut, before, after, [](const auto& c, const auto& b, const auto& a) {
    using T = std::decay_t<decltype(c)>;
    if constexpr (std::is_same_v<T, stsafe::State>) {
      return stsafe::rolled_back_or_completed(c, b, a);
    } else {
      return nrf::rolled_back_or_completed(c, b, a);
    }
  });
}

nlohmann::json provisioned_projection(const DeviceImage& image) {
  if (const auto* s = std::get_if<stsafe::State>(&image)) return stsafe::provisioned_projection(*s);
  return nrf::provisioned_projection(std::get<NrfImage>(image));
}

std::optional<Refusal> explain_refusal(const DeviceImage& image, bool reference_mode) {
  if (const auto* s = std::get_if<stsafe::State>(&image)) return stsafe::explain_refusal(*s);
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
