import journal from './meta/_journal.json';
import m0000 from './0000_init.sql' with { type: 'text' };
import m0001 from './0001_auth_epoch_triggers.sql' with { type: 'text' };

  export default {
    journal,
    migrations: {
      m0000,
m0001
    }
  }
  