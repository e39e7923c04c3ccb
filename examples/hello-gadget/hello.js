/* A small Finesse gadget written only against the documented finesse.js and gadgets.* APIs. */
var hello = (function ($) {
  var WAVE_TOPIC = 'example.hello.wave';
  var user, dialogs, logger = finesse.cslogger.ClientLogger;
  var calls = {};

  function showUser() {
    $('#name').text(user.getFirstName() + ' ' + user.getLastName() + ' (' + user.getExtension() + ')');
    $('#state').text(user.getState());
    gadgets.window.adjustHeight();
  }

  function showCalls() {
    var items = $.map(calls, function (dialog) {
      return $('<li>').text(dialog.getFromAddress() + ' → ' + dialog.getToAddress() + ': ' + dialog.getState());
    });
    $('#calls').empty().append(items.length ? items : $('<li>').text('none'));
    gadgets.window.adjustHeight();
  }

  function watchCall(dialog) {
    calls[dialog.getId()] = dialog;
    dialog.addHandler('change', showCalls);
    showCalls();
  }

  function forgetCall(dialog) {
    delete calls[dialog.getId()];
    showCalls();
  }

  function setState(state) {
    user.setState(state, null, {
      success: function () { logger.log('asked for ' + state); },
      error: function (rsp) { $('#state').text('refused: ' + finesse.utilities.Utilities.getErrData(rsp)); }
    });
  }

  function onUserLoad() {
    showUser();
    dialogs = user.getDialogs({ onCollectionAdd: watchCall, onCollectionDelete: forgetCall, onLoad: function (list) {
      $.each(list.getCollection(), function (id, dialog) { watchCall(dialog); });
    } });
    gadgets.loadingindicator.dismiss();
  }

  return {
    init: function () {
      var config = finesse.gadget.Config;
      finesse.clientservices.ClientServices.init(config, false);
      logger.init(gadgets.Hub, 'HelloGadget', config);
      gadgets.window.setTitle('Hello, ' + config.id);
      user = new finesse.restservices.User({ id: config.id, onLoad: onUserLoad, onChange: showUser });

      $('#ready').on('click', function () { setState(finesse.restservices.User.States.READY); });
      $('#notReady').on('click', function () { setState(finesse.restservices.User.States.NOT_READY); });
      $('#wave').on('click', function () { gadgets.Hub.publish(WAVE_TOPIC, { from: config.id, at: new Date().toISOString() }); });
      gadgets.Hub.subscribe(WAVE_TOPIC, function (topic, data) {
        $('#waves').text(data.from + ' waved at ' + data.at);
        gadgets.window.adjustHeight();
      });
    }
  };
}(jQuery));
