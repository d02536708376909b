// The STSAFE-A120 at the reference examples' address 0x20 on the TWIM. The device certificate is
// checked with the platform's X.509 against the CA certificate the platform hands over; a platform
// that hands over neither gets the application's own refusal before anything is trusted.
#include "firmware/device_authentication/device_authentication.h"
#include "hal/nrf/board/board_app.h"

const bool keybench_board_app_needs_deriver = false;

kb::core::Status keybench_board_app(kb::hal::Platform& platform, const kb::hal::nrf::BoardCryptoServices& services) {
  kb::fw::DeviceAuthenticationOptions o;
  o.certificates = services.certificates;
  o.ca_certificate = services.ca_certificate;
  return kb::fw::run_device_authentication(platform, o);
}
