// What `xml sign` and `pdf sign` share: opening the signer and reporting the batch (spec/cli.md JSON).
#pragma once

#include <kyso/batch/batch.hpp>
#include <kyso/keys/signer.hpp>

#include <functional>
#include <memory>
#include <string>

namespace kyso::cli {

struct SignerArgs {
    std::string key, pass;
    unsigned token_sessions = 0;
};

// Opens the signer, runs the batch with a progress bar on terminals, prints the results (text or the
// JSON of spec/cli.md) and returns the exit code. A signer that cannot be opened is reported the same way.
int sign_batch(const SignerArgs& args, std::size_t inputs, bool json,
               const std::function<batch::Summary(keys::Signer&, const batch::Progress&)>& run);

}  // namespace kyso::cli
