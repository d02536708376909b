#include "simulator/rtl/i2c_timing.h"

#include <stdexcept>

namespace kb::sim::rtl {

I2cTiming timing_for_rate(uint32_t rate_hz) {
  if (rate_hz == 0 || rate_hz > 1000000) {
    throw std::invalid_argument("the RTL bus runs at 1..1000000 Hz (standard, fast and fast-mode plus)");
  }
  struct Minimums {
    std::string_view mode;
    Nanoseconds hd_sta, su_sta, su_sto, buf, low, high;
  };
  // UM10204 table 10.
  static constexpr Minimums kStandard{"standard-mode", 4000, 4700, 4000, 4700, 4700, 4000};
  static constexpr Minimums kFast{"fast-mode", 600, 600, 600, 1300, 1300, 600};
  static constexpr Minimums kFastPlus{"fast-mode plus", 260, 260, 260, 500, 500, 260};
  const Minimums& m = rate_hz <= 100000 ? kStandard : rate_hz <= 400000 ? kFast : kFastPlus;
  I2cTiming t{};
  t.mode = m.mode;
  t.period = (1000000000ull + rate_hz / 2) / rate_hz;
  t.hd_sta = m.hd_sta;
  t.su_sta = m.su_sta;
  t.su_sto = m.su_sto;
  t.buf = m.buf;
  t.low = (t.period * m.low + (m.low + m.high) / 2) / (m.low + m.high);
  if (t.low < m.low) t.low = m.low;
  t.high = t.period - t.low;
  t.hd_dat = t.low / 4;
  return t;
}

}  // namespace kb::sim::rtl
