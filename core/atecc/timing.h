#pragma once
// Host-side timing of the ATECC608A: the wake pulse (fact sheet B5.2), cryptoauthlib's polling
// policy (B5.6) and the maximum execution times per opcode and clock divider (B6.1), which the
// host waits instead of polling when told not to poll.
#include <cstdint>

namespace kb::core::atecc {

// ChipMode bits 3-7 select the chip's clock divider; each has its own column of times.
enum class ClockDivider : uint8_t { kM0 = 0, kM1, kM2 };

// Divider values outside the table (0x00, 0x05, 0x0D) get the slowest column: waiting too long
// costs time, waiting too little reads a busy chip.
ClockDivider clock_divider_from_chip_mode(uint8_t chip_mode);

// Maximum execution time in ms, or 0 for an opcode the 608 does not have.
uint16_t execution_time_ms(uint8_t opcode, ClockDivider divider = ClockDivider::kM0);

// SDA low this long wakes the chip (tWLO); one address byte at 100 kHz is 80 us.
inline constexpr uint32_t kWakeLowUs = 60;
inline constexpr uint32_t kWakeRateHz = 100000;
// cryptoauthlib's wake_delay for ECCx08 parts ("tWHI + tWLO").
inline constexpr uint32_t kWakeDelayUs = 1500;
// The Mbed HAL's rx_retries for the wake token read.
inline constexpr uint8_t kWakeReadAttempts = 20;

struct PollingPolicy {
  bool use_polling = true;                   // false: wait execution_time_ms() and read once (ATCA_NO_POLL)
  uint32_t first_poll_ms = 1;                // ATCA_POLLING_INIT_TIME_MSEC
  uint32_t poll_interval_ms = 2;             // ATCA_POLLING_FREQUENCY_TIME_MSEC
  uint32_t ceiling_ms = 2500;                // ATCA_POLLING_MAX_TIME_MSEC, measured from the end of the send
  ClockDivider divider = ClockDivider::kM0;  // the column no-poll mode waits
};

}  // namespace kb::core::atecc
