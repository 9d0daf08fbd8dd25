<?php
/**
 * FactuSOL Hub: tells the hub at once when an order or a customer changes, so it syncs the record
 * to FactuSOL without waiting for the next poll. Polling stays as the fallback.
 *
 * @license MIT
 */
if (!defined('_PS_VERSION_')) {
    exit;
}

require_once __DIR__ . '/classes/HubNotifier.php';

class Factusolhub extends Module
{
    const CONFIG_URL = 'FACTUSOLHUB_URL';
    const CONFIG_SECRET = 'FACTUSOLHUB_SECRET';

    /** Hook name => event it sends */
    const HOOKS = [
        'actionValidateOrder' => 'order.created',
        'actionOrderStatusPostUpdate' => 'order.status',
        'actionCustomerAccountAdd' => 'customer.created',
        'actionObjectCustomerAddAfter' => 'customer.created',
        'actionObjectCustomerUpdateAfter' => 'customer.updated',
        'actionObjectAddressAddAfter' => 'address.created',
        'actionObjectAddressUpdateAfter' => 'address.updated',
    ];

    /** @var array<string, bool> events already sent in this request (several hooks fire for one change) */
    private static $sent = [];

    public function __construct()
    {
        $this->name = 'factusolhub';
        $this->tab = 'administration';
        $this->version = '1.0.0';
        $this->author = 'FactuSOL Hub';
        $this->need_instance = 0;
        $this->ps_versions_compliancy = ['min' => '8.0.0', 'max' => '9.99.99'];
        $this->bootstrap = true;

        parent::__construct();

        $this->displayName = $this->l('FactuSOL Hub');
        $this->description = $this->l('Sends order and customer changes to FactuSOL Hub as they happen.');
        $this->confirmUninstall = $this->l('The hub will only see changes on its next poll. Uninstall?');
    }

    public function install()
    {
        return parent::install()
            && $this->registerHook(array_keys(self::HOOKS))
            && Configuration::updateValue(self::CONFIG_URL, '')
            && Configuration::updateValue(self::CONFIG_SECRET, '');
    }

    public function uninstall()
    {
        return Configuration::deleteByName(self::CONFIG_URL)
            && Configuration::deleteByName(self::CONFIG_SECRET)
            && parent::uninstall();
    }

    // -- configuration page -----------------------------------------------------------------
    public function getContent()
    {
        $output = '';
        if (Tools::isSubmit('submit' . $this->name)) {
            $url = trim((string) Tools::getValue(self::CONFIG_URL));
            $secret = trim((string) Tools::getValue(self::CONFIG_SECRET));
            if ($url !== '' && !Validate::isAbsoluteUrl($url)) {
                $output .= $this->displayError($this->l('The hub URL is not a valid absolute URL.'));
            } else {
                Configuration::updateValue(self::CONFIG_URL, $url);
                if ($secret !== '') {
                    Configuration::updateValue(self::CONFIG_SECRET, $secret);
                }
                $output .= $this->displayConfirmation($this->l('Settings updated.'));
            }
        }

        return $output . $this->renderForm();
    }

    protected function renderForm()
    {
        $form = [
            'form' => [
                'legend' => ['title' => $this->l('Settings'), 'icon' => 'icon-cogs'],
                'input' => [
                    [
                        'type' => 'text',
                        'label' => $this->l('Hub webhook URL'),
                        'name' => self::CONFIG_URL,
                        'desc' => $this->l('Copy it from the integration in the hub, e.g. https://hub.example.com/hooks/prestashop/<token>/'),
                        'required' => true,
                    ],
                    [
                        'type' => 'password',
                        'label' => $this->l('Webhook secret'),
                        'name' => self::CONFIG_SECRET,
                        'desc' => $this->l('The integration\'s webhook secret. Leave empty to keep the current one.'),
                    ],
                ],
                'submit' => ['title' => $this->l('Save')],
            ],
        ];

        $helper = new HelperForm();
        $helper->module = $this;
        $helper->name_controller = $this->name;
        $helper->table = $this->table;
        $helper->token = Tools::getAdminTokenLite('AdminModules');
        $helper->currentIndex = AdminController::$currentIndex . '&configure=' . $this->name;
        $helper->default_form_language = (int) Configuration::get('PS_LANG_DEFAULT');
        $helper->submit_action = 'submit' . $this->name;
        $helper->fields_value = [
            self::CONFIG_URL => Tools::getValue(self::CONFIG_URL, Configuration::get(self::CONFIG_URL)),
            self::CONFIG_SECRET => '',
        ];

        return $helper->generateForm([$form]);
    }

    // -- hooks ------------------------------------------------------------------------------
    public function hookActionValidateOrder($params)
    {
        if (isset($params['order']) && Validate::isLoadedObject($params['order'])) {
            $this->notify('order.created', (int) $params['order']->id);
        }
    }

    public function hookActionOrderStatusPostUpdate($params)
    {
        if (!empty($params['id_order'])) {
            $this->notify('order.status', (int) $params['id_order']);
        }
    }

    public function hookActionCustomerAccountAdd($params)
    {
        if (isset($params['newCustomer']) && Validate::isLoadedObject($params['newCustomer'])) {
            $this->notify('customer.created', (int) $params['newCustomer']->id);
        }
    }

    public function hookActionObjectCustomerAddAfter($params)
    {
        $this->notifyObject('customer.created', $params);
    }

    public function hookActionObjectCustomerUpdateAfter($params)
    {
        $this->notifyObject('customer.updated', $params);
    }

    public function hookActionObjectAddressAddAfter($params)
    {
        $this->notifyObject('address.created', $params);
    }

    public function hookActionObjectAddressUpdateAfter($params)
    {
        $this->notifyObject('address.updated', $params);
    }

    private function notifyObject($event, $params)
    {
        if (!isset($params['object']) || !Validate::isLoadedObject($params['object'])) {
            return;
        }
        $object = $params['object'];
        $extra = [];
        if (strpos($event, 'address.') === 0) {
            // Addresses of manufacturers, suppliers and warehouses are not customers'.
            if (empty($object->id_customer)) {
                return;
            }
            $extra['customer_id'] = (int) $object->id_customer;
        }
        $this->notify($event, (int) $object->id, $extra);
    }

    private function notify($event, $id, array $extra = [])
    {
        $once = $event . ':' . $id;
        if ($id <= 0 || isset(self::$sent[$once])) {
            return;
        }
        self::$sent[$once] = true;
        try {
            $extra['shop_id'] = (int) $this->context->shop->id;
            $notifier = new HubNotifier(Configuration::get(self::CONFIG_URL), Configuration::get(self::CONFIG_SECRET));
            $notifier->send($event, $id, $extra);
        } catch (\Throwable $e) {
            PrestaShopLogger::addLog('FactuSOL Hub: ' . $e->getMessage(), 3, null, 'FactusolHub', 0, true);
        }
    }
}
