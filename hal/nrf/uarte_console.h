#pragma once
// The board's Console: UARTE0 of the nRF5340 application core, 115200 8N1, polled EasyDMA
// transfers through the RegisterBus. EasyDMA reads RAM only, so text (often in flash) is copied
// through a RAM buffer. Register offsets and pins come from the nRF5340 PS and the DK's VCOM
// wiring, not from the fact sheet (docs/board-build.md).
#include <cstdint>
#include <string_view>

#include "hal/console.h"
#include "hal/register_bus.h"

namespace kb::hal::nrf {

struct UartePins {
  uint32_t base = 0x50008000;       // UARTE0, secure
  uint32_t gpio_base = 0x50842500;  // P0, secure
  uint8_t tx_pin = 20;              // nRF5340 DK VCOM0
  uint8_t rx_pin = 22;
};

class UarteConsole final : public Console {
 public:
  explicit UarteConsole(RegisterBus& bus, const UartePins& pins = {});
  void write(std::string_view text) override;
  int read_key() override;

 private:
  void send(const uint8_t* ram, uint32_t length);
  RegisterBus& bus_;
  UartePins pins_;
  uint8_t tx_[64];
  uint8_t rx_[1];
};

}  // namespace kb::hal::nrf
