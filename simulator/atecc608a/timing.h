#pragma once
// Times of the ATECC608A (fact sheet B5.2, B5.7, B6.1 and open questions 3-5).
#include <cstdint>
#include <optional>

#include "simulator/time/scheduler.h"

namespace kb::sim::atecc608a {

// SDA low this long wakes a sleeping or idle chip (tWLO, least value of the family table).
inline constexpr Nanoseconds kWakeLowNs = 60 * kMicrosecond;
// From the rising edge of the wake pulse until the chip answers on the bus (tWHI). cryptoauthlib
// waits 1500 us after its wake pulse, so the chip must be ready by then.
inline constexpr Nanoseconds kWakeHighNs = 1500 * kMicrosecond;
// Watchdog from wake: 1.3 s typical, or about 13 s with ChipMode bit 2 (the long watchdog).
inline constexpr Nanoseconds kWatchdogNs = 1300 * kMillisecond;
inline constexpr Nanoseconds kLongWatchdogNs = 13000 * kMillisecond;

Nanoseconds watchdog_ns(uint8_t chip_mode);

// The clock-divider column of the B6.1 table a ChipMode byte selects: 0 = M0 (bits 3-7 = 0x00),
// 1 = M1 (0x05), 2 = M2 (0x0D). Other divider values are not in the table; the model runs them
// at M2, the slowest column.
int clock_column(uint8_t chip_mode);

// Maximum execution time of an opcode (B6.1, the ATECC608 columns), or nullopt for an opcode the
// 608 does not have.
std::optional<uint32_t> execution_time_ms(uint8_t opcode, uint8_t chip_mode);

}  // namespace kb::sim::atecc608a
