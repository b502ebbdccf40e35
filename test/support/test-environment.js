// The node test environment, plus one check: a file in which a pg client was handed a query while it was
// still running one (deprecated by pg, refused from pg 9) fails. Inside a transaction, reads go one after
// another (`readTogether`), never through Promise.all.
const { TestEnvironment } = require('jest-environment-node');

class PartnerWorkspaceEnvironment extends TestEnvironment {
  overlapping = [];

  onWarning = (warning) => {
    if (warning.name === 'DeprecationWarning' && warning.message.includes('already executing a query')) {
      this.overlapping.push(warning);
    }
  };

  async setup() {
    await super.setup();
    process.on('warning', this.onWarning);
  }

  handleTestEvent(event, state) {
    if (event.name === 'run_finish' && this.overlapping.length) {
      state.unhandledErrors.push(
        new Error(`A pg client was given overlapping queries:\n${this.overlapping[0].stack}`),
      );
    }
  }

  async teardown() {
    process.off('warning', this.onWarning);
    await super.teardown();
  }
}

module.exports = PartnerWorkspaceEnvironment;
