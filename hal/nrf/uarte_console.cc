#include "hal/nrf/uarte_console.h"

namespace kb::hal::nrf {

namespace {
constexpr uint32_t kTasksStartRx = 0x000;
constexpr uint32_t kTasksStartTx = 0x008;
constexpr uint32_t kEventsEndRx = 0x110;
constexpr uint32_t kEventsEndTx = 0x120;
constexpr uint32_t kEnable = 0x500;
constexpr uint32_t kEnableUarte = 8;
constexpr uint32_t kPselTxd = 0x50C;
constexpr uint32_t kPselRxd = 0x514;
constexpr uint32_t kBaudrate = 0x524;
constexpr uint32_t kBaud115200 = 0x01D60000;
constexpr uint32_t kRxdPtr = 0x534;
constexpr uint32_t kRxdMaxcnt = 0x538;
constexpr uint32_t kTxdPtr = 0x544;
constexpr uint32_t kTxdMaxcnt = 0x548;
constexpr uint32_t kConfig = 0x56C;
constexpr uint32_t kGpioOutset = 0x008;
constexpr uint32_t kGpioDirset = 0x018;

uint32_t address_of(const void* p) {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p));
}
}  // namespace

UarteConsole::UarteConsole(RegisterBus& bus, const UartePins& pins) : bus_(bus), pins_(pins) {
  // TX idles high: drive the pin before the UARTE takes it over.
  bus_.write32(pins_.gpio_base + kGpioOutset, 1u << pins_.tx_pin);
  bus_.write32(pins_.gpio_base + kGpioDirset, 1u << pins_.tx_pin);
  bus_.write32(pins_.base + kPselTxd, pins_.tx_pin);
  bus_.write32(pins_.base + kPselRxd, pins_.rx_pin);
  bus_.write32(pins_.base + kBaudrate, kBaud115200);
  bus_.write32(pins_.base + kConfig, 0);  // 8N1, no flow control
  bus_.write32(pins_.base + kEnable, kEnableUarte);
}

void UarteConsole::send(const uint8_t* ram, uint32_t length) {
  bus_.write32(pins_.base + kEventsEndTx, 0);
  bus_.write32(pins_.base + kTxdPtr, address_of(ram));
  bus_.write32(pins_.base + kTxdMaxcnt, length);
  bus_.write32(pins_.base + kTasksStartTx, 1);
  while (bus_.read32(pins_.base + kEventsEndTx) == 0) {
  }
}

void UarteConsole::write(std::string_view text) {
  uint32_t n = 0;
  for (char c : text) {
    // Terminals expect CR LF.
    if (c == '\n') {
      if (n + 2 > sizeof tx_) {
        send(tx_, n);
        n = 0;
      }
      tx_[n++] = '\r';
    }
    tx_[n++] = static_cast<uint8_t>(c);
    if (n == sizeof tx_) {
      send(tx_, n);
      n = 0;
    }
  }
  if (n > 0) send(tx_, n);
}

int UarteConsole::read_key() {
  bus_.write32(pins_.base + kEventsEndRx, 0);
  bus_.write32(pins_.base + kRxdPtr, address_of(rx_));
  bus_.write32(pins_.base + kRxdMaxcnt, 1);
  bus_.write32(pins_.base + kTasksStartRx, 1);
  while (bus_.read32(pins_.base + kEventsEndRx) == 0) {
  }
  return rx_[0];
}

}  // namespace kb::hal::nrf
