// finesse.js, the classic script gadgets load from /desktop/assets/js/finesse.js (gadget reference §4.1):
// synchronously at load it fills `window.finesse` with every namespace gadgets read in top-level code. It
// merges into an existing `finesse` (MessageDisplay.js may have loaded first) and defines no other global.
import { createClientLogger } from './client-logger.js';
import { createClientServices } from './client-services.js';
import { createConfig } from './config.js';
import { GadgetViewChangedEvent, MaxAvailableHeightChangedEvent, TimerTickEvent, WorkflowActionEvent } from './container-events.js';
import { createContainerServices } from './container-services.js';
import { createI18n } from './i18n.js';
import { finesseRoot, merge, namespace } from './namespace.js';
import { restEnvironment, setRestEnvironment } from './rest/environment.js';
import { createRestServices, registerMediaList } from './rest/index.js';
import { createChannelService, createFinesseToaster, createPopoverService, createTaskActivityNotification } from './tier3/container-extensions.js';
import { createMediaClasses } from './tier3/media.js';
import { createUtilities } from './utilities.js';

const finesse = finesseRoot();

const Config = createConfig();
namespace(finesse, 'gadget').Config = Config;
namespace(finesse, 'container').Config = Config;

const utilities = createUtilities();
merge(namespace(finesse, 'utilities'), { Utilities: utilities, I18n: createI18n() });

const { services, environment } = createClientServices(Config);
setRestEnvironment(environment);
namespace(finesse, 'clientservices').ClientServices = services;
namespace(finesse, 'cslogger').ClientLogger = createClientLogger();

const media = createMediaClasses({ env: restEnvironment, toObject: (xml) => utilities.xml2js(xml) });
merge(namespace(finesse, 'restservices'), { ...createRestServices(), ...media });
type MediaListFactory = Parameters<typeof registerMediaList>[0];
registerMediaList((user, options) => new media.MediaList({ ...options, userId: user.getId() }) as unknown as ReturnType<MediaListFactory>);

merge(namespace(finesse, 'containerservices'), {
  ContainerServices: createContainerServices(),
  WorkflowActionEvent,
  TimerTickEvent,
  GadgetViewChangedEvent,
  MaxAvailableHeightChangedEvent,
  TaskActivityNotification: createTaskActivityNotification(),
  PopoverService: createPopoverService(),
  FinesseToaster: createFinesseToaster(),
});
namespace(finesse, 'digital').ChannelService = createChannelService();
namespace(finesse, 'modules');
