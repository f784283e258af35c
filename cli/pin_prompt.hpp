#pragma once

#include <kyso/keys/signer.hpp>

namespace kyso::cli {

// Asks on the controlling terminal with echo off; without a terminal: Errc::pin_required.
keys::PinSource terminal_pin_source();

}  // namespace kyso::cli
