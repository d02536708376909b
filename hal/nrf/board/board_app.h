#pragma once
// What one board image runs. board_main.cc assembles the platform; each image links exactly one
// file of apps/ that defines these two, so an image carries one application and nothing else.
#include "core/status.h"
#include "hal/nrf/board_services.h"
#include "hal/platform.h"

// Whether the application needs the platform's shadow-key derivation (the nRF key flows do; the
// secure-element flows only need its Crypto). An image whose platform lacks it halts first.
extern const bool keybench_board_app_needs_deriver;

// The application, with its default options: a board has no command line.
kb::core::Status keybench_board_app(kb::hal::Platform& platform, const kb::hal::nrf::BoardCryptoServices& services);
