<?php
/**
 * Sends signed events to FactuSOL Hub.
 *
 * Body: {"event": "...", "id": <int>, "shop_id": <int>, "customer_id": <int, address events>, "sent_at": "<ISO 8601>"}
 * Header: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body keyed with the secret>
 *
 * Never throws: a hub that is down must not break checkout. Failures are logged.
 */
if (!defined('_PS_VERSION_') && !defined('FACTUSOLHUB_CLI')) {
    exit;
}

class HubNotifier
{
    const CONNECT_TIMEOUT_MS = 1000;
    const TIMEOUT_MS = 2000;

    /** @var string */
    private $url;
    /** @var string */
    private $secret;

    public function __construct($url, $secret)
    {
        $this->url = (string) $url;
        $this->secret = (string) $secret;
    }

    /**
     * The JSON body for an event (kept separate so it can be tested without sending).
     *
     * @param string $event
     * @param int $id
     * @param array $extra
     *
     * @return string
     */
    public static function body($event, $id, array $extra = [])
    {
        $payload = array_merge(['event' => (string) $event, 'id' => (int) $id], $extra);
        $payload['sent_at'] = gmdate('Y-m-d\TH:i:s\Z');

        return json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
    }

    /**
     * @param string $body
     * @param string $secret
     *
     * @return string the X-Hub-Signature-256 header value
     */
    public static function signature($body, $secret)
    {
        return 'sha256=' . hash_hmac('sha256', $body, $secret);
    }

    /**
     * @return bool whether the hub accepted the event (2xx)
     */
    public function send($event, $id, array $extra = [])
    {
        if ($this->url === '' || $this->secret === '' || (int) $id <= 0) {
            return false;
        }
        if (!function_exists('curl_init')) {
            $this->log('cURL is not available; event ' . $event . ' not sent.', 2);

            return false;
        }
        $body = self::body($event, $id, $extra);
        try {
            $curl = curl_init($this->url);
            curl_setopt_array($curl, [
                CURLOPT_POST => true,
                CURLOPT_POSTFIELDS => $body,
                CURLOPT_RETURNTRANSFER => true,
                CURLOPT_CONNECTTIMEOUT_MS => self::CONNECT_TIMEOUT_MS,
                CURLOPT_TIMEOUT_MS => self::TIMEOUT_MS,
                CURLOPT_NOSIGNAL => true,
                CURLOPT_HTTPHEADER => [
                    'Content-Type: application/json',
                    'X-Hub-Signature-256: ' . self::signature($body, $this->secret),
                ],
            ]);
            curl_exec($curl);
            $status = (int) curl_getinfo($curl, CURLINFO_HTTP_CODE);
            $error = curl_error($curl);
            curl_close($curl);
        } catch (\Throwable $e) {
            $this->log('FactuSOL Hub: ' . $event . ' #' . (int) $id . ' not sent: ' . $e->getMessage(), 3);

            return false;
        }
        if ($status < 200 || $status >= 300) {
            $this->log('FactuSOL Hub: ' . $event . ' #' . (int) $id . ' answered ' . $status . ' ' . $error, 2);

            return false;
        }

        return true;
    }

    private function log($message, $severity)
    {
        if (class_exists('PrestaShopLogger')) {
            PrestaShopLogger::addLog($message, $severity, null, 'FactusolHub', 0, true);
        }
    }
}
